package io.llmbridge.domain;

/**
 * What a set of finished requests used: how many there were, how they ended, and their tokens.
 * Tokens a request did not report count as zero here; {@code reportedRequests} and
 * {@code estimatedRequests} say how many figures are the providers' and how many the gateway's
 * (a request with no usage at all, such as one refused before any provider call, is neither).
 *
 * @param errors          requests that failed
 * @param cancelled       requests the client abandoned before the end
 * @param estimatedTokens the part of {@code totalTokens} the gateway counted itself
 */
public record UsageTotals(long requests, long errors, long cancelled, long promptTokens, long completionTokens,
                          long totalTokens, long reasoningTokens, long cachedTokens,
                          long reportedRequests, long estimatedRequests, long estimatedTokens) {
    public static final UsageTotals ZERO = new UsageTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** One finished request. */
    public static UsageTotals of(ChatRecord record) {
        Usage usage = record.ending().usage();
        Outcome outcome = record.ending().outcome();
        long errors = outcome == Outcome.FAILURE ? 1 : 0;
        long cancelled = outcome == Outcome.CANCELLED ? 1 : 0;
        if (usage == null) {
            return new UsageTotals(1, errors, cancelled, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        long prompt = orZero(usage.promptTokens());
        long completion = orZero(usage.completionTokens());
        long total = usage.totalTokens() != null ? usage.totalTokens() : prompt + completion;
        boolean estimated = usage.isEstimated();
        return new UsageTotals(1, errors, cancelled, prompt, completion, total, orZero(usage.reasoningTokens()),
                orZero(usage.cachedTokens()), estimated ? 0 : 1, estimated ? 1 : 0, estimated ? total : 0);
    }

    public UsageTotals plus(UsageTotals other) {
        return new UsageTotals(requests + other.requests, errors + other.errors, cancelled + other.cancelled,
                promptTokens + other.promptTokens, completionTokens + other.completionTokens,
                totalTokens + other.totalTokens, reasoningTokens + other.reasoningTokens,
                cachedTokens + other.cachedTokens, reportedRequests + other.reportedRequests,
                estimatedRequests + other.estimatedRequests, estimatedTokens + other.estimatedTokens);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
