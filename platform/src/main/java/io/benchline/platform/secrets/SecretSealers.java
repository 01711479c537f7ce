package io.benchline.platform.secrets;

import io.benchline.events.SecretPurpose;
import java.util.EnumMap;
import java.util.Map;

/** The sealers of the purposes this service holds keysets for; asking for any other purpose fails. */
public final class SecretSealers {

    private final Map<SecretPurpose, SecretSealer> sealers;

    public SecretSealers(SecretsProperties properties) {
        Map<SecretPurpose, SecretSealer> loaded = new EnumMap<>(SecretPurpose.class);
        properties.keysets().forEach((purpose, source) -> loaded.put(purpose, load(purpose, source)));
        this.sealers = loaded;
    }

    public SecretSealer forPurpose(SecretPurpose purpose) {
        SecretSealer sealer = sealers.get(purpose);
        if (sealer == null) {
            throw new SealingException("this service holds no keyset for " + purpose);
        }
        return sealer;
    }

    public boolean holds(SecretPurpose purpose) {
        return sealers.containsKey(purpose);
    }

    private static SecretSealer load(SecretPurpose purpose, SecretsProperties.KeysetSource source) {
        boolean hasFile = source.file() != null;
        boolean hasJson = source.json() != null && !source.json().isBlank();
        if (hasFile == hasJson) {
            throw new SealingException(
                    "benchline.secrets.keysets." + purpose + " needs exactly one of 'file' and 'json'");
        }
        return new SecretSealer(
                purpose,
                hasFile ? Keysets.aeadFromFile(source.file()) : Keysets.aeadFromJson(source.json(), "configuration"));
    }
}
