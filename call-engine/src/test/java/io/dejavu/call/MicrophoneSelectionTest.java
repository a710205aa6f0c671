package io.dejavu.call;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedRuntime.class)
class MicrophoneSelectionTest {
    @Test
    void choosingAMicrophoneOnTheHeadlessLayerSaysWhy(MediaRuntime runtime) {
        MediaException e = assertThrows(MediaException.class, () -> runtime.selectMicrophone("USB Mic"));
        assertTrue(e.getMessage().contains("USB Mic") && e.getMessage().contains("headless"), e.getMessage());
    }

    @Test
    void rejectsBlankMicrophoneName(MediaRuntime runtime) {
        assertThrows(IllegalArgumentException.class, () -> runtime.selectMicrophone(" "));
    }
}
