package com.aperilex.flow.accounts;

import com.aperilex.flow.domain.UniverseList;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.Universe;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * The company lists behind {@link Universe}, read once at start from aperilex.universes.* (any Spring resource
 * location). A list that cannot be read or parsed stops the start: a tier must not silently reach every company.
 */
@Component
public class Universes {
    private static final Logger LOG = LoggerFactory.getLogger(Universes.class);

    private final Map<Universe, UniverseList> lists = new EnumMap<>(Universe.class);

    public Universes(AperilexProperties properties, ResourceLoader resources) {
        lists.put(Universe.ALL, UniverseList.unrestricted());
        lists.put(Universe.SP500, load(resources, properties.universes().sp500()));
        lists.put(Universe.RUSSELL1000, load(resources, properties.universes().russell1000()));
    }

    /** The universe's list; ALL and an empty list restrict nothing. */
    public UniverseList of(Universe universe) {
        return lists.get(universe);
    }

    private static UniverseList load(ResourceLoader resources, String location) {
        Resource resource = resources.getResource(location);
        try (InputStream in = resource.getInputStream()) {
            UniverseList list = UniverseList.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), location);
            LOG.info("Universe list {}: {}", location, list.restricts() ? list.size() + " companies" : "empty, not restricted");
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the universe list " + location, e);
        }
    }
}
