package io.llmbridge.application.service;

import io.llmbridge.application.port.in.AuthenticationUseCase;
import io.llmbridge.application.port.out.AccessKeys;
import io.llmbridge.application.port.out.ChatRecorder;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ChatRecord;
import io.llmbridge.domain.ErrorKind;
import io.llmbridge.domain.RequestContext;

import java.util.List;

/**
 * Turns a presented access key into a caller, or the 401 every transport answers alike; a refusal
 * is recorded (audited) without any key.
 */
public final class AccessKeyAuthentication implements AuthenticationUseCase {
    private final AccessKeys accessKeys;
    private final ChatRecorder recorders;

    public AccessKeyAuthentication(AccessKeys accessKeys, List<? extends ChatRecorder> recorders) {
        this.accessKeys = accessKeys;
        this.recorders = new ChatRecorders(recorders);
    }

    @Override
    public Caller authenticate(String presentedKey, RequestContext context) {
        if (presentedKey == null || presentedKey.isBlank()) {
            throw refused(context, BridgeException.of(ErrorKind.UNAUTHENTICATED,
                    "You didn't provide an access key. Send it as 'Authorization: Bearer <key>'.")
                    .code("missing_api_key").build());
        }
        return accessKeys.authenticate(presentedKey).orElseThrow(() -> refused(context, BridgeException.of(
                        ErrorKind.UNAUTHENTICATED, "Incorrect access key provided.")
                .code("invalid_api_key").build()));
    }

    private BridgeException refused(RequestContext context, BridgeException error) {
        recorders.record(ChatRecord.refused(context, null, error));
        return error;
    }
}
