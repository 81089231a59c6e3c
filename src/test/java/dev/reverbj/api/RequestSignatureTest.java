package dev.reverbj.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RequestSignatureTest {
    /** The worked example of Pusher's REST API documentation (SPEC.md section 7). */
    @Test
    void reproducesPushersWorkedExample() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("auth_key", "278d425bdf160c739803");
        params.put("auth_timestamp", "1353088179");
        params.put("auth_version", "1.0");
        params.put("body_md5", "ec365a775a4cd0599faeb73354201b6f");
        assertEquals("da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c",
                RequestSignature.sign("7ad3773142a6692b25b8", "POST", "/apps/3/events", params));
    }
}
