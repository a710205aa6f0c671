package io.dejavu.app.call;

/** Rings while a call comes in. Both methods are quick and idempotent. */
public interface Ringer {
    void start();

    void stop();

    /** A ringer that makes no sound (the incoming-call screen still pulses). */
    Ringer SILENT = new Ringer() {
        @Override
        public void start() {}

        @Override
        public void stop() {}
    };
}
