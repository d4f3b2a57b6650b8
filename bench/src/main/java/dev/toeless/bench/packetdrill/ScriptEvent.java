package dev.toeless.bench.packetdrill;

/** One event of a script: its line, its time and what it does. */
record ScriptEvent(int line, EventTime time, ScriptAction action) {
}
