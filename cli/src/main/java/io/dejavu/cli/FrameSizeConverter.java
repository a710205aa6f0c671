package io.dejavu.cli;

import io.dejavu.protocol.video.FrameSize;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --size WxH} for every command: positive and even, and a wrong value is refused with
 * {@link FrameSize#parse}'s own sentence (picocli would otherwise add the exception's class name).
 */
public final class FrameSizeConverter implements ITypeConverter<FrameSize> {
    @Override
    public FrameSize convert(String value) {
        try {
            return FrameSize.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
