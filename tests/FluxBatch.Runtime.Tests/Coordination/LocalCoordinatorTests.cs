using System.Diagnostics;
using FluxBatch.Execution.Coordination;
using FluxBatch.Runtime.Tests.Support;

namespace FluxBatch.Runtime.Tests.Coordination;

/// <summary>The local coordinator: slot files locked exclusively in the state folder, released by the OS when a holder dies.</summary>
public sealed class LocalCoordinatorTests : IDisposable
{
    private readonly TempDir _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task Two_coordinators_on_one_state_folder_share_the_accounts_slots()
    {
        await using var first = new LocalCoordinator(_state.Path);
        await using var second = new LocalCoordinator(_state.Path);
        var a = first.Slots("acct", 3);
        var b = second.Slots("acct", 3);

        await a.AcquireAsync(CancellationToken.None);
        await a.AcquireAsync(CancellationToken.None);
        await b.AcquireAsync(CancellationToken.None);
        var waiting = b.AcquireAsync(CancellationToken.None);
        await Task.Delay(100);

        Assert.False(waiting.IsCompleted); // all three slot files are locked
        a.Release();
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, a.Held);
        Assert.Equal(2, b.Held);
    }

    [Fact]
    public async Task Another_account_has_slots_of_its_own()
    {
        await using var coordinator = new LocalCoordinator(_state.Path);
        var one = coordinator.Slots("acct-one", 1);
        var other = coordinator.Slots("acct-two", 1);

        await one.AcquireAsync(CancellationToken.None);
        await other.AcquireAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(Directory.Exists(Path.Combine(_state.Path, "slots", "acct-one")));
        Assert.True(Directory.Exists(Path.Combine(_state.Path, "slots", "acct-two")));
    }

    [Fact]
    public async Task A_waiter_cancelled_takes_nothing()
    {
        await using var coordinator = new LocalCoordinator(_state.Path);
        var slots = coordinator.Slots("acct", 1);
        await slots.AcquireAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slots.AcquireAsync(cancel.Token));
        Assert.Equal(1, slots.Held);
    }

    /// <summary>A process holding every slot is killed with SIGKILL: the kernel drops its locks, the slots are free again.</summary>
    [SkippableFact]
    public async Task Slots_held_by_a_process_killed_with_minus_9_come_back()
    {
        Skip.IfNot(File.Exists("/usr/bin/flock") && OperatingSystem.IsLinux(), "needs util-linux flock(1) on Linux to hold the locks from another process");
        var directory = Path.Combine(_state.Path, "slots", "acct");
        Directory.CreateDirectory(directory);
        // flock(1) takes the same flock(2) lock .NET takes for FileShare.None.
        var script = string.Join("; ", Enumerable.Range(0, 2).Select(i => $"exec {3 + i}>{directory}/slot-{i:D2}.lock; flock -x {3 + i}"))
            + "; echo held; exec sleep 600";
        using var holder = Process.Start(new ProcessStartInfo("/bin/bash", ["-c", script]) { RedirectStandardOutput = true })!;
        Assert.Equal("held", await holder.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        await using var coordinator = new LocalCoordinator(_state.Path);
        var slots = coordinator.Slots("acct", 2);
        var waiting = slots.AcquireAsync(CancellationToken.None);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);

        holder.Kill(); // SIGKILL

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        await slots.AcquireAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, slots.Held);
    }
}
