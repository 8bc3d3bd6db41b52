using StbImageWriteSharp;

namespace FluxBatch.Gallery.Tests.Support;

/// <summary>
/// A run folder made by hand: steps × guidance × font, one combination excluded, two seeds, images for the jobs
/// that finished and labelled statuses for the rest, and a hostile prompt variable. Lets the page be tested
/// without the executor.
/// </summary>
internal sealed class SyntheticRun : IDisposable
{
    public const string Hostile = "</script><script>document.body.setAttribute('data-pwned','1')</script><img src=x onerror=\"document.title='pwned'\"> & \"quotes\"";
    public static readonly string[] Steps = ["12", "24", "50"];
    public static readonly string[] Guidance = ["2.5", "4.0", "5.5"];
    public static readonly string[] Fonts = ["art deco serif", Hostile];
    public static readonly string[] Seeds = ["101", "202"];

    public SyntheticRun()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("fluxbatch-gallery-");
        var jobs = new List<SheetJob>();
        long index = 0;
        foreach (var font in Fonts)
            foreach (var steps in Steps)
                foreach (var guidance in Guidance)
                {
                    if (steps == "12" && guidance == "5.5")
                        continue; // excluded: the cell must read as absent, not as a job
                    foreach (var seed in Seeds)
                    {
                        var parameters = new[]
                        {
                            new SheetParameter("band", "Night Owls"),
                            new SheetParameter("font", font),
                            new SheetParameter("steps", steps),
                            new SheetParameter("guidance", guidance),
                            new SheetParameter("seed", seed),
                        };
                        var file = $"{(font == Hostile ? "hostile" : "deco")}/s{steps} g{guidance} #{seed}.png";
                        var (status, reason) = StatusOf(index);
                        if (status == SheetJobStatus.Done)
                            WriteImage(file, (int)index);
                        var submitted = DateTimeOffset.UnixEpoch.AddSeconds(index);
                        jobs.Add(new SheetJob(index, $"job{index:000}", parameters, file, status, reason)
                        {
                            // Every field the page shows as text carries the font, hostile or not.
                            Seed = 1000 + index,
                            Prompt = "A poster in " + font + " lettering",
                            Request = [new SheetParameter("model", "flux-2-flex"), new SheetParameter("style", font)],
                            EstimatedUsd = 0.03m,
                            CostUsd = status == SheetJobStatus.Done ? 0.03m : null,
                            TaskId = "task-" + font,
                            Times = status == SheetJobStatus.Done ? new JobTimes(submitted, submitted.AddSeconds(2 + (index % 3)), submitted.AddSeconds(4)) : JobTimes.None,
                        });
                        index++;
                    }
                }
        Jobs = jobs;
    }

    public DirectoryInfo Directory { get; }

    public IReadOnlyList<SheetJob> Jobs { get; }

    public string Path => Directory.FullName;

    /// <summary>A few of each status at fixed positions; the rest done.</summary>
    public static (SheetJobStatus, string?) StatusOf(long index) => index switch
    {
        3 => (SheetJobStatus.Failed, "Error: <b>internal</b> error"),
        5 => (SheetJobStatus.Moderated, "Content Moderated (not charged): flagged"),
        7 => (SheetJobStatus.InDoubt, "submit timed out"),
        >= 30 => (SheetJobStatus.NotRun, "budget reached"),
        _ => (SheetJobStatus.Done, null),
    };

    private void WriteImage(string relative, int seed)
    {
        const int size = 64;
        var pixels = new byte[size * size * 3];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var p = ((y * size) + x) * 3;
                pixels[p] = (byte)(x * 4 + seed * 7);
                pixels[p + 1] = (byte)(y * 4 + seed * 13);
                pixels[p + 2] = (byte)(128 + seed * 29);
            }
        var path = System.IO.Path.Combine(Path, relative);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        using (var stream = File.Create(path))
            new ImageWriter().WritePng(pixels, size, size, ColorComponents.RedGreenBlue, stream);
        File.WriteAllText(path + ".json", "{}");
    }

    public void Dispose() => Directory.Delete(recursive: true);
}
