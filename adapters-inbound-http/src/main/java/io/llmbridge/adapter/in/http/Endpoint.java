package io.llmbridge.adapter.in.http;

import java.util.List;

/**
 * The routes of one use case on the API. A new use case (or surface) is a new endpoint listed in
 * {@link OpenAiHttpApi}; it leaves the others and the error handling as they are.
 */
interface Endpoint {
    List<Route> routes();
}
