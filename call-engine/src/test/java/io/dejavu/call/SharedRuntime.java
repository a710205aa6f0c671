package io.dejavu.call;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests the one {@link MediaRuntime} of the test JVM (libwebrtc allows one factory per
 * process) and closes it when the whole test plan is done.
 */
public final class SharedRuntime implements ParameterResolver {
    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        final MediaRuntime runtime;

        Holder() {
            try {
                runtime = MediaRuntime.open(MediaRuntime.Audio.HEADLESS);
            } catch (MediaException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            runtime.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MediaRuntime.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Holder.class, k -> new Holder(), Holder.class)
                .runtime;
    }
}
