/**
 * The options several commands share, as picocli {@code @Mixin}s: one class per concern
 * ({@code --bitrate}, {@code --codec}, {@code --size}, {@code --threads}, {@code --seed}), each with
 * one range check and one wording of its refusal, and a small nested mixin per default a command
 * needs (defaults and help differ per command; the check does not).
 *
 * <p>Values are checked in the mixin's setter while picocli parses, so a bad one is a usage error
 * (exit 2, one line, ADR 0001) before any work starts:
 *
 * <pre>{@code
 * @Mixin BitrateOption.Loopback bitrate;   // --bitrate, default 150
 * ...
 * int kbps = bitrate.kbps();
 * }</pre>
 */
package io.dejavu.cli.options;
