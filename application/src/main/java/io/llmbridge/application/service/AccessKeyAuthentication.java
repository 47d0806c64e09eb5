package io.llmbridge.application.service;

import io.llmbridge.application.port.in.AuthenticationUseCase;
import io.llmbridge.application.port.out.AccessKeys;
import io.llmbridge.domain.BridgeException;
import io.llmbridge.domain.Caller;
import io.llmbridge.domain.ErrorKind;

/** Turns a presented access key into a caller, or the 401 every transport answers alike. */
public final class AccessKeyAuthentication implements AuthenticationUseCase {
    private final AccessKeys accessKeys;

    public AccessKeyAuthentication(AccessKeys accessKeys) {
        this.accessKeys = accessKeys;
    }

    @Override
    public Caller authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isBlank()) {
            throw BridgeException.of(ErrorKind.UNAUTHENTICATED,
                    "You didn't provide an access key. Send it as 'Authorization: Bearer <key>'.")
                    .code("missing_api_key").build();
        }
        return accessKeys.authenticate(presentedKey).orElseThrow(() -> BridgeException.of(
                        ErrorKind.UNAUTHENTICATED, "Incorrect access key provided.")
                .code("invalid_api_key").build());
    }
}
