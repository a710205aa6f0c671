package io.dejavu.training.train;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.util.Optional;

/**
 * The marketing name of a CUDA device ("NVIDIA H100 80GB HBM3"), read from the CUDA runtime that
 * DJL itself loads (through JNA) to count GPUs. Only for messages: any failure gives empty.
 */
final class CudaDeviceNames {
    private CudaDeviceNames() {}

    /** The two entry points: CUDA 12 and later export the {@code _v2} one. */
    interface CudaRuntime extends Library {
        int cudaGetDeviceProperties_v2(Memory properties, int device);

        int cudaGetDeviceProperties(Memory properties, int device);
    }

    static Optional<String> name(int device) {
        try {
            CudaRuntime cuda = Native.load("cudart", CudaRuntime.class);
            // cudaDeviceProp begins with char name[256]; the struct is about 1 KiB, so 8 KiB is ample.
            try (Memory props = new Memory(8192)) {
                props.clear();
                int status;
                try {
                    status = cuda.cudaGetDeviceProperties_v2(props, device);
                } catch (UnsatisfiedLinkError e) {
                    status = cuda.cudaGetDeviceProperties(props, device);
                }
                String name = status == 0 ? props.getString(0).trim() : "";
                return name.isEmpty() ? Optional.empty() : Optional.of(name);
            }
        } catch (LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }
}
