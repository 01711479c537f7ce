package io.benchline.signup.intake;

import io.benchline.platform.secrets.Secret;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/** Reads a JSON string straight into a {@link Secret}; anything else is treated as absent. */
class SecretDeserializer extends ValueDeserializer<Secret> {

    @Override
    public Secret deserialize(JsonParser parser, DeserializationContext context) {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            parser.skipChildren();
            return null;
        }
        return Secret.of(parser.getString());
    }
}
