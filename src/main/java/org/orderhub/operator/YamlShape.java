package org.orderhub.operator;

import java.util.Iterator;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * What a route file's YAML may not be, read from the parser's events before any tree is built (so neither
 * the check nor Camel ever walks it): anchors and aliases (a 10-byte {@code - &a [*a]} is a cycle), and
 * nesting deeper than any route needs.
 */
final class YamlShape {

    static final int MAX_DEPTH = 40;

    private YamlShape() {
    }

    /** The first reason to refuse the text's shape, or null (syntax errors are the composer's to report). */
    static RouteFileCheck.Problem problem(String text) {
        int depth = 0;
        try {
            Iterator<Event> events = new Parse(LoadSettings.builder().build()).parseString(text).iterator();
            while (events.hasNext()) {
                Event event = events.next();
                int line = event.getStartMark().map(m -> m.getLine() + 1).orElse(1);
                if (event instanceof AliasEvent
                        || event instanceof NodeEvent node && node.getAnchor().isPresent()) {
                    return new RouteFileCheck.Problem(line, null, "YAML anchors and aliases (&name, *name) are not "
                            + "allowed in route files: write each value out");
                }
                if (event instanceof CollectionStartEvent && ++depth > MAX_DEPTH) {
                    return new RouteFileCheck.Problem(line, null, "nested deeper than " + MAX_DEPTH + " levels");
                }
                if (event instanceof CollectionEndEvent) {
                    depth--;
                }
            }
        } catch (YamlEngineException syntax) {
            return null;
        }
        return null;
    }
}
