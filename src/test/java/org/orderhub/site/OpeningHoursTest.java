package org.orderhub.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.orderhub.api.Json;

/** Weekly hours in the site's own time zone, with intervals past midnight and the operator override. */
class OpeningHoursTest {

    private static Site site(String hoursJson, boolean closed) throws Exception {
        List<String> problems = new ArrayList<>();
        OpeningHours hours = hoursJson == null ? null : OpeningHours.parse(Json.MAPPER.readTree(hoursJson), problems);
        assertTrue(problems.isEmpty(), problems.toString());
        return new Site("S", "S", ZoneId.of("Europe/London"), "GBP", hours, closed, true, null);
    }

    @ParameterizedTest(name = "{0} UTC open: {1}")
    @CsvSource({
            // 2024-07-01 is a Monday; London is UTC+1 in July
            "2024-07-01T09:15:00Z, true",    // 10:15 local, in Monday's first interval
            "2024-07-01T09:59:00Z, false",   // 10:59 local, between Monday's two intervals
            "2024-07-01T10:00:00Z, true",    // 11:00 local
            "2024-07-01T13:29:00Z, true",    // 14:29 local
            "2024-07-01T13:30:00Z, false",   // 14:30 local, end is exclusive
            "2024-07-05T16:59:00Z, false",   // Friday 17:59 local
            "2024-07-05T17:00:00Z, true",    // Friday 18:00 local
            "2024-07-06T00:30:00Z, true",    // Saturday 01:30 local, Friday's interval runs past midnight
            "2024-07-06T01:00:00Z, false",   // Saturday 02:00 local
            "2024-07-02T12:00:00Z, false",   // Tuesday is not listed: closed
            "2024-01-01T10:59:00Z, false",   // Monday in winter, 10:59 local (UTC+0)
            "2024-01-01T11:00:00Z, true"})
    void opens_by_local_time_of_the_site(String utc, boolean open) throws Exception {
        Site s = site("{\"monday\": [\"10:00-10:30\", \"11:00-14:30\"], \"friday\": [\"18:00-02:00\"]}", false);
        assertEquals(open, s.isOpenAt(Instant.parse(utc)));
    }

    @Test
    void no_hours_means_always_open_unless_closed_by_an_operator() throws Exception {
        assertTrue(site(null, false).isOpenAt(Instant.parse("2024-07-02T03:00:00Z")));
        assertEquals(false, site(null, true).isOpenAt(Instant.parse("2024-07-02T12:00:00Z")));
        assertEquals(false, site("{\"monday\": [\"00:00-24:00\"]}", true).isOpenAt(Instant.parse("2024-07-01T12:00:00Z")));
        assertTrue(site("{\"monday\": [\"00:00-24:00\"]}", false).isOpenAt(Instant.parse("2024-07-01T22:59:00Z")));
    }

    @Test
    void names_malformed_intervals() throws Exception {
        List<String> problems = new ArrayList<>();
        assertNull(OpeningHours.parse(Json.MAPPER.readTree(
                "{\"monday\": [\"9-5\"], \"tuesday\": \"09:00-17:00\", \"someday\": [], \"friday\": [\"24:30-25:00\"]}"),
                problems));
        assertEquals(4, problems.size(), problems.toString());
    }
}
