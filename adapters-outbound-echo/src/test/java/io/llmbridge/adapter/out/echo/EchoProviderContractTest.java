package io.llmbridge.adapter.out.echo;

import io.llmbridge.application.port.out.provider.ChatProvider;
import io.llmbridge.application.port.out.provider.ChatProviderContract;
import io.llmbridge.application.port.out.provider.ProviderSettings;

import java.util.List;
import java.util.Map;

/** The provider port's contract for the offline echo provider: it has no upstream to fail. */
class EchoProviderContractTest extends ChatProviderContract {

    @Override
    protected ChatProvider provider() {
        return new EchoProviderFactory().create(new ProviderSettings("echo", null, null, "ECHO_API_KEY", Map.of()));
    }

    @Override
    protected void upstreamAnswers(List<String> pieces) {
        // echo answers the prompt, which request() builds from the same pieces
    }

    @Override
    protected boolean upstreamFails(int status) {
        return false;
    }

    @Override
    protected boolean upstreamStalls() {
        return false;
    }

    @Override
    protected String lastUpstreamModel() {
        return null;
    }
}
