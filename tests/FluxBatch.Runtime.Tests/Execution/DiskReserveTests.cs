using FluxBatch.Execution;
using FluxBatch.Tests.Support;
using Xunit.Abstractions;

namespace FluxBatch.Runtime.Tests.Execution;

/// <summary>
/// The journal on a disk that fills: on a real small tmpfs (mounting needs root, as in the project's CI container;
/// where it is not allowed the test says so in its output and checks nothing).
/// </summary>
public sealed class DiskReserveTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _mount = Path.Combine(Path.GetTempPath(), "fluxbatch-reserve-" + Guid.NewGuid().ToString("N"));
    private SmallDisk? _disk;

    public void Dispose()
    {
        _disk?.Dispose();
        try { Directory.Delete(_mount, recursive: true); } catch (IOException) { }
    }

    private async Task<bool> MountWithFreeAsync(int freeKb)
    {
        _disk = SmallDisk.TryMount(_mount, "size=4m", output.WriteLine, nameof(DiskReserveTests));
        if (_disk is null)
            return false;
        await File.WriteAllBytesAsync(Path.Combine(_mount, "filler.bin"), new byte[4 * 1024 * 1024 - freeKb * 1024]);
        return true;
    }

    [Fact]
    public async Task A_journal_that_cannot_be_created_on_a_full_disk_says_the_disk_is_full()
    {
        if (!await MountWithFreeAsync(40))
            return;
        var run = Path.Combine(_mount, "run");

        var e = Record.Exception(() => RunJournal.Open(run).DisposeAsync().AsTask().GetAwaiter().GetResult());

        Assert.NotNull(e);
        output.WriteLine(e.ToString());
        Assert.True(StorageFailure.IsDiskFull(e), e.ToString());
    }

    // Fills what is left of the disk, to the last byte a file can take.
    private void FillTheDisk()
    {
        using var filler = new FileStream(Path.Combine(_mount, "last-bytes.bin"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = new byte[4096];
        try
        {
            while (true)
                filler.Write(block);
        }
        catch (IOException e) when (StorageFailure.IsDiskFull(e))
        {
        }
        try
        {
            while (true)
                filler.Write(block, 0, 1);
        }
        catch (IOException e) when (StorageFailure.IsDiskFull(e))
        {
        }
    }

    private static JournalRecord Row(int i, JobState state) =>
        new($"job-{i:D4}", i, state, $"images/{i:D4}-{new string('x', 200)}.png", 0.05m, Reason: new string('r', 300));

    // The moment the stop must still write: the jobs waiting for a slot go back to "planned". Without the reserve
    // the journal's commit meets the full disk and the rows stay "submitting" (in doubt for the next run).
    [Fact]
    public async Task With_its_reserve_the_journal_still_records_a_stopping_runs_last_rows_when_the_disk_is_full()
    {
        if (!await MountWithFreeAsync(2048))
            return;
        var run = Path.Combine(_mount, "run");
        Exception? full = null;
        await using (var journal = RunJournal.Open(run))
        {
            using var reserve = DiskReserve.Create(run, concurrency: 4);
            Assert.NotNull(reserve);
            journal.KeepReserve(reserve, e => full = e);
            for (var i = 0; i < 8; i++)
                await journal.WriteDurableAsync(Row(i, JobState.Submitting));
            FillTheDisk();

            for (var i = 0; i < 400; i++)
                journal.Write(Row(i, JobState.Planned));
            await journal.FlushAsync();
        }

        Assert.NotNull(full);
        Assert.True(StorageFailure.IsDiskFull(full));
        Assert.False(File.Exists(Path.Combine(run, DiskReserve.FileName)));
        await using var reopened = RunJournal.OpenExisting(run)!;
        Assert.All(Enumerable.Range(0, 400), i => Assert.Equal(JobState.Planned, reopened.Find($"job-{i:D4}")!.State));
    }

    [Fact]
    public async Task Without_a_reserve_the_same_rows_fail_on_a_full_disk()
    {
        // The control for the test above: the same writes, no reserve, and the journal cannot record them.
        if (!await MountWithFreeAsync(2048))
            return;
        var run = Path.Combine(_mount, "run");
        await using var journal = RunJournal.Open(run);
        for (var i = 0; i < 8; i++)
            await journal.WriteDurableAsync(Row(i, JobState.Submitting));
        FillTheDisk();

        for (var i = 0; i < 400; i++)
            journal.Write(Row(i, JobState.Planned));

        var e = await Assert.ThrowsAsync<JournalException>(journal.FlushAsync);
        Assert.True(StorageFailure.IsDiskFull(e));
    }

    [Fact]
    public async Task The_reserve_shrinks_to_its_minimum_when_the_disk_is_short_and_refuses_the_run_when_not_even_that_fits()
    {
        if (!await MountWithFreeAsync(400))
            return;
        var run = Directory.CreateDirectory(Path.Combine(_mount, "run")).FullName;

        using (var reserve = DiskReserve.Create(run, concurrency: 4))
        {
            Assert.Equal(256L << 10, reserve!.Bytes);
            Assert.Equal(256L << 10, new FileInfo(Path.Combine(run, DiskReserve.FileName)).Length);
            Assert.True(reserve.Release());
            Assert.False(reserve.Release());
        }
        // 32 jobs in flight need 512 KB: more than this disk has, so the run may not start (a full-disk error).
        var tooMany = Assert.ThrowsAny<IOException>(() => DiskReserve.Create(run, concurrency: 32));
        Assert.True(StorageFailure.IsDiskFull(tooMany));
        Assert.False(File.Exists(Path.Combine(run, DiskReserve.FileName)));
        FillTheDisk();
        Assert.True(StorageFailure.IsDiskFull(Assert.ThrowsAny<IOException>(() => DiskReserve.Create(run, concurrency: 4))));
        Assert.False(File.Exists(Path.Combine(run, DiskReserve.FileName)));
    }

    [Theory]
    [InlineData(1, 256)]
    [InlineData(4, 256)]
    [InlineData(24, 384)]
    [InlineData(64, 1024)]
    public void The_minimum_reserve_covers_every_job_that_may_be_in_flight(int concurrency, int kilobytes) =>
        Assert.Equal(kilobytes * 1024L, DiskReserve.Minimum(concurrency));
}
