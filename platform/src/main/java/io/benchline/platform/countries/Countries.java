package io.benchline.platform.countries;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Frappe's own country table, looked up by ISO code or by Frappe's name, in any case. Frappe's Country names
 * are not the JDK's English display names ("Czech Republic", not "Czechia"; "Korea, Republic of", not "South
 * Korea"): a name Frappe does not hold fails its Country link check, so names come from this table only.
 */
public final class Countries {

    private static final String TABLE = "frappe-countries.tsv";

    private final List<Country> all;
    private final Map<String, Country> byKey;

    private Countries(List<Country> all) {
        this.all = List.copyOf(all);
        Map<String, Country> keys = new HashMap<>();
        for (Country country : all) {
            keys.put(key(country.code()), country);
            keys.put(key(country.name()), country);
        }
        this.byKey = Map.copyOf(keys);
    }

    /** The table shipped with Benchline (see the header of {@value #TABLE} for where it comes from). */
    public static Countries frappe() {
        return Table.FRAPPE;
    }

    /** The country whose ISO code or Frappe name this is, ignoring case and surrounding blanks. */
    public Optional<Country> find(String codeOrName) {
        return codeOrName == null ? Optional.empty() : Optional.ofNullable(byKey.get(key(codeOrName)));
    }

    public List<Country> all() {
        return all;
    }

    public int size() {
        return all.size();
    }

    private static String key(String text) {
        return text.strip().toLowerCase(Locale.ROOT);
    }

    /** Loaded once, on first use; immutable afterwards. */
    private static final class Table {
        static final Countries FRAPPE = load();

        private static Countries load() {
            try (InputStream in = Countries.class.getResourceAsStream(TABLE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + TABLE + " beside " + Countries.class);
                }
                List<Country> countries = new ArrayList<>();
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String[] columns = line.split("\t", 2);
                    if (columns.length != 2 || columns[0].strip().length() != 2) {
                        throw new IllegalStateException("malformed line in " + TABLE + ": " + line);
                    }
                    countries.add(new Country(columns[0].strip().toUpperCase(Locale.ROOT), columns[1].strip()));
                }
                return new Countries(countries);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + TABLE, e);
            }
        }
    }
}
