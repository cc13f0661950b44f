package org.orderhub.site;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/** Sites and their catalogs, as operators set them through the admin API. */
public final class SiteStore {

    private final DataSource dataSource;
    private final Clock clock;

    public SiteStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Creates or replaces a site; true when it was created. */
    public boolean put(Site site) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (update(c, "UPDATE sites SET name = ?, timezone = ?, currency = ?, hours = ?, closed = ?, "
                    + "terminal_online = ?, terminal_url = ?, updated_at = ? WHERE site_id = ?", site)) {
                return false;
            }
            update(c, "INSERT INTO sites (name, timezone, currency, hours, closed, terminal_online, terminal_url, "
                    + "updated_at, site_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", site);
            return true;
        }
    }

    private boolean update(Connection c, String sql, Site site) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, site.name());
            ps.setString(2, site.timezone().getId());
            ps.setString(3, site.currency());
            ps.setString(4, site.hours() == null ? null : site.hours().toJson().toString());
            ps.setBoolean(5, site.closed());
            ps.setBoolean(6, site.terminalOnline());
            ps.setString(7, site.terminalUrl());
            ps.setObject(8, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
            ps.setString(9, site.siteId());
            return ps.executeUpdate() > 0;
        }
    }

    public Optional<Site> get(String siteId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT name, timezone, currency, hours, closed, "
                     + "terminal_online, terminal_url FROM sites WHERE site_id = ?")) {
            ps.setString(1, siteId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String hours = rs.getString(4);
                return Optional.of(new Site(siteId, rs.getString(1), ZoneId.of(rs.getString(2)), rs.getString(3),
                        hours == null ? null : OpeningHours.fromJson(hours), rs.getBoolean(5), rs.getBoolean(6),
                        rs.getString(7)));
            }
        }
    }

    /** Creates or replaces a catalog item of an existing site; true when it was created. */
    public boolean putItem(String siteId, CatalogItem item) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (updateItem(c, "UPDATE catalog_items SET name = ?, price = ?, available = ? "
                    + "WHERE site_id = ? AND plu = ?", siteId, item)) {
                return false;
            }
            updateItem(c, "INSERT INTO catalog_items (name, price, available, site_id, plu) VALUES (?, ?, ?, ?, ?)",
                    siteId, item);
            return true;
        }
    }

    private static boolean updateItem(Connection c, String sql, String siteId, CatalogItem item) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, item.name());
            ps.setBigDecimal(2, item.price());
            ps.setBoolean(3, item.available());
            ps.setString(4, siteId);
            ps.setString(5, item.plu());
            return ps.executeUpdate() > 0;
        }
    }

    public Optional<CatalogItem> item(String siteId, String plu) throws SQLException {
        List<CatalogItem> found = items("SELECT plu, name, price, available FROM catalog_items "
                + "WHERE site_id = ? AND plu = ?", siteId, plu);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public List<CatalogItem> catalog(String siteId) throws SQLException {
        return items("SELECT plu, name, price, available FROM catalog_items WHERE site_id = ? ORDER BY plu", siteId);
    }

    private List<CatalogItem> items(String sql, String... args) throws SQLException {
        List<CatalogItem> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CatalogItem(rs.getString(1), rs.getString(2), readable(rs.getBigDecimal(3)),
                            rs.getBoolean(4)));
                }
            }
        }
        return out;
    }

    /** 7.5000 as stored reads back as 7.50. */
    private static BigDecimal readable(BigDecimal price) {
        BigDecimal p = price.stripTrailingZeros();
        return p.scale() < 2 ? p.setScale(2) : p;
    }
}
