using System.Text.Json;
using FluxBatch.Api;
using FluxBatch.Execution.Cache;
using FluxBatch.Outputs;
using FluxBatch.Runtime.Tests.Support;

namespace FluxBatch.Runtime.Tests.Cache;

public sealed class ResultCacheTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (byte[] Image, byte[] Sidecar) Entry(string id, byte fill)
    {
        var image = Enumerable.Repeat(fill, 300).ToArray();
        var sidecar = new ImageSidecar
        {
            JobId = id, Index = 0, Manifest = "m", Provider = "emulator", Model = "flux-2-flex", Prompt = "p", Seed = 1,
            Parameters = [], Request = new FluxRequest { Prompt = "p", Seed = 1 }, References = [], TaskId = "t", Status = "Ready",
            EstimatedUsd = 0.01m, CostUsd = 0.01m, File = "a.png", Sha256 = AtomicFile.Sha256Hex(image), Timings = new JobTimings(),
        };
        return (image, JsonSerializer.SerializeToUtf8Bytes(sidecar, OutputJsonContext.Default.ImageSidecar));
    }

    [Fact]
    public void A_stored_result_comes_back_and_others_miss()
    {
        var cache = new ResultCache(_dir.Path, "emulator");
        var (image, sidecar) = Entry("0a1b2c3d4e5f6071", 7);
        Assert.True(cache.Put("0a1b2c3d4e5f6071", image, sidecar));
        Assert.False(cache.Put("0a1b2c3d4e5f6071", image, sidecar)); // already there: left as it is
        Assert.Equal(image, cache.TryGet("0a1b2c3d4e5f6071")!.Image);
        Assert.Null(cache.TryGet("ffffffffffffffff"));
        // Another namespace (another provider) never sees it.
        Assert.Null(new ResultCache(_dir.Path, "bfl-api.bfl.ai").TryGet("0a1b2c3d4e5f6071"));
        // Writes leave no temp files behind.
        Assert.DoesNotContain(Directory.EnumerateFiles(_dir.Path, "*", SearchOption.AllDirectories), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void A_half_written_or_damaged_entry_is_a_miss_never_a_wrong_image()
    {
        var cache = new ResultCache(_dir.Path, "emulator");
        var (image, sidecar) = Entry("1111222233334444", 1);
        cache.Put("1111222233334444", image, sidecar);
        var folder = Path.Combine(_dir.Path, "emulator", "11");
        File.WriteAllBytes(Path.Combine(folder, "1111222233334444" + ResultCache.ImageExtension), [1, 2, 3]);
        Assert.Null(cache.TryGet("1111222233334444")); // image does not match the sidecar's sha256
        File.Delete(Path.Combine(folder, "1111222233334444.json"));
        Assert.Null(cache.TryGet("1111222233334444")); // image without sidecar: not an entry yet
        File.WriteAllText(Path.Combine(folder, "1111222233334444.json"), "{ not json");
        Assert.Null(cache.TryGet("1111222233334444"));
        Assert.Throws<ArgumentException>(() => cache.TryGet("../../etc/passwd"));
    }

    [Fact]
    public async Task Concurrent_writers_of_one_id_leave_one_whole_entry()
    {
        var caches = Enumerable.Range(0, 8).Select(_ => new ResultCache(_dir.Path, "emulator")).ToArray();
        Directory.CreateDirectory(Path.Combine(_dir.Path, "emulator", "ab"));
        // Different bytes per writer: whichever rename lands last, the entry must check (image matches its sidecar) or miss.
        await Task.WhenAll(caches.Select((cache, i) => Task.Run(() =>
        {
            for (var round = 0; round < 20; round++)
            {
                var (image, sidecar) = Entry("abcdefabcdef0123", (byte)(i * 20 + round));
                File.Delete(Path.Combine(_dir.Path, "emulator", "ab", "abcdefabcdef0123.json")); // force a rewrite each round
                cache.Put("abcdefabcdef0123", image, sidecar);
                if (cache.TryGet("abcdefabcdef0123") is { } hit)
                    Assert.Equal(hit.Sidecar.Sha256, AtomicFile.Sha256Hex(hit.Image));
            }
        })));
        var final = caches[0].TryGet("abcdefabcdef0123");
        if (final is not null)
            Assert.Equal(final.Sidecar.Sha256, AtomicFile.Sha256Hex(final.Image));
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    private static readonly ProviderChoice Bfl = new(ProviderKind.Bfl, new Uri("https://api.bfl.ai"), new ApiKey("k-123456789"), false, "test");
    private static readonly ProviderChoice BflEu = new(ProviderKind.Bfl, new Uri("https://api.eu.bfl.ai"), new ApiKey("k-123456789"), false, "test");
    private static readonly ProviderChoice Embedded = new(ProviderKind.Emulator, null, ApiKey.Generate(), true, "test");
    private static readonly ProviderChoice BflOnLoopback = new(ProviderKind.Bfl, new Uri("http://127.0.0.1:4567"), new ApiKey("k-123456789"), false, "test");

    [Fact]
    public void The_default_cache_is_the_users_folder_for_a_real_provider_only()
    {
        var env = Env(("XDG_CACHE_HOME", "/home/u/.xdg"), ("HOME", "/home/u"));
        var real = CacheChoice.Resolve(false, null, null, Bfl, env).Cache!;
        Assert.Equal(Path.GetFullPath("/home/u/.xdg/fluxbatch"), real.Root);
        Assert.Equal("bfl-api.bfl.ai", real.Namespace);
        Assert.Equal(Path.GetFullPath("/home/u/.cache/fluxbatch"), CacheChoice.Resolve(false, null, null, Bfl, Env(("HOME", "/home/u"))).Cache!.Root);
        // The emulator and loopback endpoints (tests) never fill the user-wide cache unasked.
        Assert.Null(CacheChoice.Resolve(false, null, null, Embedded, env).Cache);
        Assert.Null(CacheChoice.Resolve(false, null, null, BflOnLoopback, env).Cache);
        Assert.Null(CacheChoice.Resolve(true, "/c", "/m", Bfl, env).Cache); // --no-cache wins over everything
    }

    [Fact]
    public void An_explicit_cache_wins_in_order_and_keeps_providers_apart()
    {
        var env = Env((CacheChoice.Variable, "/from-env"), ("HOME", "/home/u"));
        Assert.Equal(Path.GetFullPath("/opt"), CacheChoice.Resolve(false, "/opt", "/m", Embedded, env).Cache!.Root);
        Assert.Equal(Path.GetFullPath("/from-env"), CacheChoice.Resolve(false, null, "/m", Embedded, env).Cache!.Root);
        Assert.Equal(Path.GetFullPath("/m"), CacheChoice.Resolve(false, null, "/m", Embedded, Env()).Cache!.Root);
        Assert.Equal("emulator", CacheChoice.Resolve(false, "/opt", null, Embedded, env).Cache!.Namespace);
        Assert.Equal("bfl-api.eu.bfl.ai", CacheChoice.Resolve(false, "/opt", null, BflEu, env).Cache!.Namespace);
        Assert.Equal("bfl-127.0.0.1_4567", CacheChoice.Resolve(false, "/opt", null, BflOnLoopback, env).Cache!.Namespace);
    }
}
