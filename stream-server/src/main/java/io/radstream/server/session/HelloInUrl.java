package io.radstream.server.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.List;
import java.util.Map;

/**
 * The {@code hello} message carried by the WebSocket upgrade URL's query instead of sent as the
 * first message: {@code /ws?study=KEY&width=W&height=H&dpr=D&codecs=h264,jpeg,png[&layout=1x3]}.
 * Parsed into the same JSON shape as the message, so one code path validates and opens both.
 */
final class HelloInUrl {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HelloInUrl() {}

    /** The hello the URL carries, or {@code null} when it has no {@code study} (the client will send one). */
    static JsonNode parse(String uri) {
        Map<String, List<String>> q = new QueryStringDecoder(uri).parameters();
        String study = one(q, "study");
        if (study == null) return null;
        ObjectNode hello = JSON.createObjectNode().put("type", "hello").put("study", study);
        for (String field : new String[]{"width", "height"}) {
            String v = one(q, field);
            if (v != null && v.matches("[0-9]{1,5}")) hello.put(field, Integer.parseInt(v)); // else left out: the hello check names it
        }
        String dpr = one(q, "dpr");
        if (dpr != null && dpr.matches("[0-9]{1,2}(\\.[0-9]{1,6})?")) hello.put("dpr", Double.parseDouble(dpr));
        var codecs = hello.putArray("codecs");
        String list = one(q, "codecs");
        if (list != null) for (String c : list.split(",")) if (!c.isBlank()) codecs.add(c.strip());
        String layout = one(q, "layout");
        if (layout != null) hello.put("layout", layout);
        return hello;
    }

    private static String one(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }
}
