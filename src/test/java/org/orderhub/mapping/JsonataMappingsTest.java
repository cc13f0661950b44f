package org.orderhub.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.orderhub.api.Json;

/** Mapping files are compiled once and again when they change; broken ones are named in the error. */
class JsonataMappingsTest {

    @Test
    void recompiles_a_mapping_when_its_file_changes() throws Exception {
        Path dir = Files.createTempDirectory("mappings");
        Path file = dir.resolve("p.jsonata");
        Files.writeString(file, "{ \"order_id\": id }");
        JsonataMappings mappings = new JsonataMappings(dir);
        assertEquals("A-1", mappings.map("p.jsonata", Json.MAPPER.readTree("{\"id\": \"A-1\"}")).get("order_id").asText());

        Files.writeString(file, "{ \"order_id\": \"X-\" & id }");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals("X-A-1", mappings.map("p.jsonata", Json.MAPPER.readTree("{\"id\": \"A-1\"}")).get("order_id").asText());
    }

    @Test
    void names_the_mapping_that_does_not_compile_or_does_not_exist() throws Exception {
        Path dir = Files.createTempDirectory("mappings");
        Files.writeString(dir.resolve("broken.jsonata"), "{ \"order_id\": ");
        JsonataMappings mappings = new JsonataMappings(dir);
        MappingException broken = assertThrows(MappingException.class,
                () -> mappings.map("broken.jsonata", Json.MAPPER.readTree("{}")));
        assertTrue(broken.getMessage().startsWith("Mapping broken.jsonata failed: it does not compile"), broken.getMessage());
        MappingException missing = assertThrows(MappingException.class,
                () -> mappings.map("nope.jsonata", Json.MAPPER.readTree("{}")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
}
