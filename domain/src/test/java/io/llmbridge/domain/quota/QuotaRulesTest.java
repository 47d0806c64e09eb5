package io.llmbridge.domain.quota;

import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ModelAllowList;
import io.llmbridge.domain.ModelRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuotaRulesTest {
    private static final LimitSpec DEFAULT = limits("rpm", 600);
    private static final LimitSpec ALICE = limits("rpm", 60);
    private static final LimitSpec SEARCH = limits("monthly_cost", 2000);
    private static final LimitSpec GPT = limits("tpm", 2_000_000);
    private static final LimitSpec GLOBAL = limits("rpm", 20_000);
    private static final QuotaRules RULES = new QuotaRules(DEFAULT, Map.of("alice", ALICE), Map.of("search", SEARCH),
            Map.of("openai/gpt-4.1", GPT), GLOBAL, 4096);
    private static final ModelRef GPT_41 = ModelRef.parse("openai/gpt-4.1");

    private static LimitSpec limits(String name, long amount) {
        return LimitSpec.fromJson(name, Map.of(name, amount));
    }

    @Test
    void a_request_meets_its_key_team_model_and_global_scopes_in_that_order() {
        Caller alice = new Caller("alice", Caller.Role.USER, "k1", "search", ModelAllowList.ANY);
        assertEquals(List.of(new ScopeLimits(QuotaScope.key("alice"), ALICE), new ScopeLimits(QuotaScope.team("search"), SEARCH),
                        new ScopeLimits(QuotaScope.model("openai/gpt-4.1"), GPT), new ScopeLimits(QuotaScope.GLOBAL, GLOBAL)),
                RULES.scopesFor(alice, GPT_41));
    }

    @Test
    void a_key_without_its_own_limits_gets_the_default_and_a_managed_keys_limits_win() {
        Caller bob = new Caller("bob", Caller.Role.USER);
        assertEquals(DEFAULT, RULES.scopesFor(bob, ModelRef.parse("p/m")).getFirst().limits());
        LimitSpec own = limits("concurrent", 1);
        Caller managed = new Caller("alice", Caller.Role.USER, "k1", null, ModelAllowList.ANY, own);
        assertEquals(own, RULES.scopesFor(managed, GPT_41).getFirst().limits());
    }

    @Test
    void scopes_without_limits_are_left_out_and_no_rules_means_no_admission() {
        QuotaRules teamOnly = new QuotaRules(LimitSpec.NONE, Map.of(), Map.of("search", SEARCH), Map.of(), LimitSpec.NONE, 0);
        assertEquals(List.of(), teamOnly.scopesFor(new Caller("bob", Caller.Role.USER), GPT_41));
        assertTrue(QuotaRules.NONE.none());
        assertFalse(teamOnly.none());
    }

    @Test
    void only_token_and_cost_limits_need_a_token_estimate() {
        assertFalse(QuotaRules.countsTokens(List.of(new ScopeLimits(QuotaScope.GLOBAL, limits("concurrent", 3)))));
        assertTrue(QuotaRules.countsTokens(List.of(new ScopeLimits(QuotaScope.GLOBAL, SEARCH))));
    }
}
