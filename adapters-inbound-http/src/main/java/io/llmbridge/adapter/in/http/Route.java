package io.llmbridge.adapter.in.http;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;

/**
 * One method on one path of the API, relative to where it is registered. {@link OpenAiHttpApi}
 * puts the error guard around the handler and answers the path's other methods with 405.
 */
record Route(Method method, String path, Handler handler) {
    static Route get(String path, Handler handler) {
        return new Route(Method.GET, path, handler);
    }

    static Route post(String path, Handler handler) {
        return new Route(Method.POST, path, handler);
    }
}
