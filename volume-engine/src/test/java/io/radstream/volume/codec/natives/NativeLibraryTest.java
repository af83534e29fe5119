package io.radstream.volume.codec.natives;

import org.junit.jupiter.api.Test;

import java.lang.foreign.FunctionDescriptor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeLibraryTest {
    @Test
    void aMissingLibraryOrSymbolIsAnExceptionThatNamesIt() throws Exception {
        NativeLibrary.MissingLibraryException e = assertThrows(NativeLibrary.MissingLibraryException.class,
                () -> NativeLibrary.open("libradstream-no-such-codec.so.0"));
        assertTrue(e.getMessage().startsWith("libradstream-no-such-codec.so.0 cannot be loaded"), e.getMessage());
        NativeLibrary libc = NativeLibrary.open("libc.so.6");
        e = assertThrows(NativeLibrary.MissingLibraryException.class,
                () -> libc.function("radstream_no_such_function", FunctionDescriptor.ofVoid()));
        assertTrue(e.getMessage().contains("has no symbol radstream_no_such_function"), e.getMessage());
    }

    @Test
    void nativeCodecsAreOnUnlessSwitchedOff() {
        try {
            System.clearProperty(NativeCodecs.PROPERTY);
            assertTrue(NativeCodecs.enabled());
            System.setProperty(NativeCodecs.PROPERTY, "false");
            assertFalse(NativeCodecs.enabled());
        } finally {
            System.clearProperty(NativeCodecs.PROPERTY);
        }
    }
}
