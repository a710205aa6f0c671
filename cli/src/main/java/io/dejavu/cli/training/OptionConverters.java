package io.dejavu.cli.training;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option values checked while picocli parses, so that a wrong one is a usage error (exit 2) refused
 * before any footage is read or any training starts, with the domain type's own message.
 */
final class OptionConverters {
    private OptionConverters() {}

    /** {@code cpu} or {@code gpu}. */
    static final class TierConverter implements ITypeConverter<io.dejavu.protocol.model.ModelTier> {
        @Override
        public io.dejavu.protocol.model.ModelTier convert(String value) {
            try {
                return io.dejavu.protocol.model.ModelTier.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
