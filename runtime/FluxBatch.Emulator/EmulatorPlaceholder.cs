namespace FluxBatch.Emulator;

internal static class EmulatorPlaceholder;
