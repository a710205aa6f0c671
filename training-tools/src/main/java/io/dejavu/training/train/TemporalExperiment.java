package io.dejavu.training.train;

import io.dejavu.protocol.quality.Quality;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.training.TrainingException;
import io.dejavu.training.footage.Codec;
import io.dejavu.training.footage.Footage;
import io.dejavu.training.footage.FootageReader;
import io.dejavu.training.footage.PairMaker;
import io.dejavu.training.footage.PairSet;
import io.dejavu.training.model.Architecture;
import io.dejavu.training.model.EnhancerWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Issue 16 point 3, measured: does an enhancer that also sees the previous decoded frame gain more
 * than the single-frame one at (almost) equal compute? For every architecture and seed it trains
 * both variants identically (same pairs, patches, steps, schedule, seed; the temporal network starts
 * as the single-frame one with a zero second input, {@link EnhancerWeights#withPreviousFrameInput()})
 * and measures each on the held-out people's whole clips: mean PSNR-Y gain over the decoded frame,
 * per person (ADR 0509).
 *
 * <pre>{@code
 * TemporalExperiment.Result r = new TemporalExperiment(PairMaker.FFMPEG, device, listener).run(request);
 * r.summary(Architecture.DEFAULT).verdict();
 * }</pre>
 */
public final class TemporalExperiment {
    /**
     * What to compare.
     *
     * @param trainClips clips to train on (their later {@code validationFraction} watches training)
     * @param heldOut clips of people no run trains on; the reported gains are on them
     * @param size every clip is scaled to this size (cover, centre crop)
     * @param codec the call's codec
     * @param bitrateKbps the call's bitrate
     * @param maxFrames most frames read per training clip
     * @param heldOutFrames most frames measured per held-out clip
     * @param architectures network sizes, each trained in both variants
     * @param seeds seeds, each trained in both variants
     * @param options steps, batch, patch, learning rate, validation interval; architecture, seed and
     *     initial weights are set per run
     * @param validationFraction the later share of each training clip that is held back
     * @param base single-frame weights both variants start from (the temporal one with a zero
     *     second input), or empty to start every seed from its own random network
     */
    public record Request(
            List<Path> trainClips,
            List<Path> heldOut,
            FrameSize size,
            Codec codec,
            int bitrateKbps,
            int maxFrames,
            int heldOutFrames,
            List<Architecture> architectures,
            List<Long> seeds,
            EnhancerTrainingOptions options,
            double validationFraction,
            Optional<EnhancerWeights> base) {
        public Request {
            trainClips = List.copyOf(trainClips);
            heldOut = List.copyOf(heldOut);
            architectures = List.copyOf(architectures);
            seeds = List.copyOf(seeds);
            if (trainClips.isEmpty() || heldOut.isEmpty()) {
                throw new TrainingException("need clips to train on and held-out clips, got " + trainClips.size()
                        + " and " + heldOut.size());
            }
            if (architectures.isEmpty() || seeds.isEmpty()) {
                throw new TrainingException("need at least one architecture and one seed");
            }
            if (!(validationFraction > 0 && validationFraction < 1)) {
                throw new TrainingException("validation fraction must be in (0, 1), got " + validationFraction);
            }
            List<Architecture> sizes = architectures;
            base.ifPresent(b -> {
                if (b.inputs() != 1 || !sizes.equals(List.of(b.architecture()))) {
                    throw new TrainingException("the base model is a " + b.inputs() + "-input "
                            + b.architecture().label() + "; a run from a base trains that single-frame size only,"
                            + " got " + sizes.stream().map(Architecture::label).toList());
                }
            });
        }

        /** Every seed of every architecture starts from its own random network. */
        public Request(
                List<Path> trainClips,
                List<Path> heldOut,
                FrameSize size,
                Codec codec,
                int bitrateKbps,
                int maxFrames,
                int heldOutFrames,
                List<Architecture> architectures,
                List<Long> seeds,
                EnhancerTrainingOptions options,
                double validationFraction) {
            this(
                    trainClips,
                    heldOut,
                    size,
                    codec,
                    bitrateKbps,
                    maxFrames,
                    heldOutFrames,
                    architectures,
                    seeds,
                    options,
                    validationFraction,
                    Optional.empty());
        }
    }

    /**
     * One held-out person's pairs.
     *
     * @param clip file name
     * @param frames frames measured
     * @param decodedPsnrDb mean PSNR-Y of the decoded frames
     * @param kbps bitrate the codec actually spent
     */
    public record Person(String clip, int frames, double decodedPsnrDb, double kbps) {}

    /**
     * One trained network measured.
     *
     * @param architecture its size
     * @param inputs 1 (single-frame) or 2 (temporal)
     * @param seed its seed
     * @param steps optimizer steps done
     * @param seconds training time
     * @param validationGainDb last gain on the training clips' held-back frames
     * @param gainDb mean PSNR-Y gain over the decoded frame per held-out clip
     */
    public record Run(
            Architecture architecture,
            int inputs,
            long seed,
            int steps,
            double seconds,
            double validationGainDb,
            Map<String, Double> gainDb) {
        public Run {
            gainDb = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(gainDb));
        }

        /** Mean over the held-out people. */
        public double meanGainDb() {
            return gainDb.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .average()
                    .orElse(Double.NaN);
        }

        public String variant() {
            return inputs == 1 ? "single" : "temporal";
        }
    }

    /**
     * Both variants of one architecture over the seeds.
     *
     * @param singleDb mean held-out gain of the single-frame runs, over seeds
     * @param temporalDb the same for the temporal runs
     * @param singleSpreadDb largest minus smallest mean gain among the single-frame seeds
     * @param temporalSpreadDb the same among the temporal seeds
     * @param temporalBetterPeople held-out people on whom the temporal mean beats the single-frame one
     * @param people held-out people
     */
    public record Summary(
            Architecture architecture,
            double singleDb,
            double temporalDb,
            double singleSpreadDb,
            double temporalSpreadDb,
            int temporalBetterPeople,
            int people) {
        public double differenceDb() {
            return temporalDb - singleDb;
        }

        /**
         * Temporal wins only by more than the seed-to-seed spread of either variant, and on most
         * people; with one seed there is no spread and so no win.
         */
        public boolean temporalWins() {
            double spread = Math.max(singleSpreadDb, temporalSpreadDb);
            return spread > 0 && differenceDb() > spread && 2 * temporalBetterPeople > people;
        }

        public String verdict() {
            return String.format(
                    Locale.ROOT,
                    "%s: temporal %+.3f dB vs single-frame (seed spread %.3f / %.3f dB, better on %d of %d people):"
                            + " %s",
                    architecture.label(),
                    differenceDb(),
                    singleSpreadDb,
                    temporalSpreadDb,
                    temporalBetterPeople,
                    people,
                    temporalWins() ? "temporal wins" : "no clear win, single-frame stays");
        }
    }

    /**
     * @param trainClips clips trained on (those long enough)
     * @param trainPairs training pairs (all clips)
     * @param validationPairs held-back pairs of the training clips
     * @param encoder what made the pairs, with its settings
     */
    public record Result(
            List<Person> people, List<Run> runs, int trainClips, int trainPairs, int validationPairs, String encoder) {
        public Result {
            people = List.copyOf(people);
            runs = List.copyOf(runs);
        }

        public Summary summary(Architecture a) {
            List<Run> single = runs(a, 1);
            List<Run> temporal = runs(a, 2);
            int better = 0;
            for (Person p : people) {
                if (mean(temporal, p.clip()) > mean(single, p.clip())) {
                    better++;
                }
            }
            return new Summary(
                    a,
                    single.stream().mapToDouble(Run::meanGainDb).average().orElse(Double.NaN),
                    temporal.stream().mapToDouble(Run::meanGainDb).average().orElse(Double.NaN),
                    spread(single),
                    spread(temporal),
                    better,
                    people.size());
        }

        /** The runs of {@code a} with {@code inputs} input frames, in seed order. */
        public List<Run> runs(Architecture a, int inputs) {
            return runs.stream()
                    .filter(r -> r.architecture().equals(a) && r.inputs() == inputs)
                    .toList();
        }

        /** Mean gain on {@code clip} over {@code runs}. */
        public static double mean(List<Run> runs, String clip) {
            return runs.stream()
                    .mapToDouble(r -> r.gainDb().getOrDefault(clip, Double.NaN))
                    .average()
                    .orElse(Double.NaN);
        }

        private static double spread(List<Run> runs) {
            double lo = runs.stream().mapToDouble(Run::meanGainDb).min().orElse(0);
            double hi = runs.stream().mapToDouble(Run::meanGainDb).max().orElse(0);
            return hi - lo;
        }
    }

    private final PairMaker pairMaker;
    private final TrainingDevice device;
    private final ProgressListener listener;

    public TemporalExperiment(PairMaker pairMaker, TrainingDevice device, ProgressListener listener) {
        this.pairMaker = pairMaker;
        this.device = device;
        this.listener = listener;
    }

    /** Runs every architecture x seed x variant; {@code each} sees every run as soon as it is measured. */
    public Result run(Request r, Consumer<Run> each) {
        List<Clip> clips = pairsOf(r.trainClips(), r, r.maxFrames(), true);
        List<PairSet> train = new ArrayList<>();
        List<PairSet> validation = new ArrayList<>();
        for (PairSet c : clips.stream().map(Clip::pairs).toList()) {
            int cut = c.frames() - (int) Math.max(1, Math.round(c.frames() * r.validationFraction()));
            train.add(c.slice(0, cut));
            validation.add(c.slice(cut, c.frames()));
        }
        PairSet trainSet = PairSet.concat(r.size(), train);
        PairSet validationSet = PairSet.concat(r.size(), validation);
        listener.onMessage("held-out people: reading " + r.heldOut().size() + " clips");
        List<Clip> held = pairsOf(r.heldOut(), r, r.heldOutFrames(), false);
        List<PairSet> heldPairs = held.stream().map(Clip::pairs).toList();
        List<Person> people = new ArrayList<>();
        for (Clip c : held) {
            PairSet p = c.pairs();
            double psnr = 0;
            for (int f = 0; f < p.frames(); f++) {
                psnr += Quality.psnr(p.original().get(f), p.decoded().get(f));
            }
            people.add(new Person(c.name(), p.frames(), psnr / p.frames(), c.kbps()));
        }
        List<Run> runs = new ArrayList<>();
        for (Architecture a : r.architectures()) {
            for (long seed : r.seeds()) {
                EnhancerWeights start = r.base().orElseGet(() -> EnhancerTrainer.initialWeights(a, seed, device));
                for (int inputs = 1; inputs <= 2; inputs++) {
                    EnhancerWeights init = inputs == 1 ? start : start.withPreviousFrameInput();
                    EnhancerTrainingOptions o =
                            withArchitectureAndSeed(r.options(), a, seed).withInputs(inputs, Optional.of(init));
                    listener.onMessage(String.format(
                            Locale.ROOT,
                            "training %s %s, seed %d (%d MACs/pixel, %d parameters)",
                            a.label(),
                            inputs == 1 ? "single-frame" : "temporal",
                            seed,
                            EnhancerWeights.macsPerPixel(a, inputs),
                            EnhancerWeights.parameters(a, inputs)));
                    EnhancerTrainer.Result t = new EnhancerTrainer(o, device).train(trainSet, validationSet, listener);
                    Map<String, Double> gains = new LinkedHashMap<>();
                    try (DjlEnhancer e = new DjlEnhancer(t.weights(), device)) {
                        for (int i = 0; i < heldPairs.size(); i++) {
                            gains.put(people.get(i).clip(), gain(e, heldPairs.get(i), inputs));
                        }
                    }
                    double validationGain = t.curve().get(t.curve().size() - 1).validationGainDb();
                    Run run =
                            new Run(a, inputs, seed, t.steps(), t.elapsed().toMillis() / 1000.0, validationGain, gains);
                    runs.add(run);
                    each.accept(run);
                }
            }
        }
        return new Result(
                people,
                runs,
                clips.size(),
                trainSet.frames(),
                validationSet.frames(),
                clips.get(0).encoder());
    }

    /** Mean per-frame PSNR-Y gain of {@code e} over the decoded frames of {@code pairs}. */
    static double gain(DjlEnhancer e, PairSet pairs, int inputs) {
        int w = pairs.size().width();
        int h = pairs.size().height();
        double sum = 0;
        for (int f = 0; f < pairs.frames(); f++) {
            byte[] dec = pairs.decoded().get(f);
            byte[][] planes = inputs == 1 ? new byte[][] {dec} : new byte[][] {dec, pairs.previousOf(f)};
            byte[] enhanced = e.enhance(planes, w, h);
            sum += Quality.psnr(pairs.original().get(f), enhanced)
                    - Quality.psnr(pairs.original().get(f), dec);
        }
        return sum / pairs.frames();
    }

    /** One clip's pairs, each carrying the decoded frame before it, and how they were made. */
    private record Clip(String name, PairSet pairs, String encoder, double kbps) {}

    /**
     * Each clip's pairs, the previous frames added per clip before any split; training clips too
     * short to split are left out (held-out ones are measured whatever their length).
     */
    private List<Clip> pairsOf(List<Path> files, Request r, int maxFrames, boolean training) {
        int parallel = ClipsAtOnce.parallelism(pairMaker, files.size());
        List<Optional<Clip>> made = ClipsAtOnce.run(files.size(), parallel, "pairs", i -> {
            Path file = files.get(i);
            listener.onMessage("reading " + file);
            Footage f = FootageReader.read(file, Optional.of(r.size()), maxFrames);
            if (training && f.seconds() < TrainingService.MIN_SECONDS) {
                listener.onMessage("left out: " + file + " has " + String.format(Locale.ROOT, "%.1f", f.seconds())
                        + " s, under " + TrainingService.MIN_SECONDS + " s");
                return Optional.empty();
            }
            PairMaker.Pairs p = pairMaker.make(f, r.codec(), r.bitrateKbps());
            return Optional.of(new Clip(name(file), p.pairs().withPrevious(), p.encoder(), p.kbps()));
        });
        List<Clip> out = made.stream().flatMap(Optional::stream).toList();
        if (out.isEmpty()) {
            throw new TrainingException("none of the " + files.size() + " clips is long enough to train on");
        }
        return out;
    }

    private static EnhancerTrainingOptions withArchitectureAndSeed(
            EnhancerTrainingOptions o, Architecture a, long seed) {
        return new EnhancerTrainingOptions(
                a,
                o.loss(),
                o.patchSize(),
                o.batchSize(),
                o.learningRate(),
                o.maxSteps(),
                o.maxTime(),
                seed,
                o.evalEvery(),
                o.patience(),
                Optional.empty(),
                1);
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }
}
