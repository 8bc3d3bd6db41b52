using FluxBatch.Execution;

namespace FluxBatch.Runtime.Tests.Execution;

public sealed class ResumePolicyTests
{
    private static JournalRecord Row(JobState state, string? taskId = "t") => new("id", 0, state, "a.png", 0.06m, TaskId: taskId);

    [Theory]
    [InlineData(JobState.Planned, false, false, ResumeAction.Submit)]
    [InlineData(JobState.Submitting, false, false, ResumeAction.InDoubt)]
    [InlineData(JobState.Submitting, true, false, ResumeAction.Submit)]
    [InlineData(JobState.InDoubt, false, false, ResumeAction.InDoubt)]
    [InlineData(JobState.Submitted, true, false, ResumeAction.Poll)]
    [InlineData(JobState.Ready, false, false, ResumeAction.Poll)]
    [InlineData(JobState.Downloaded, false, true, ResumeAction.Skip)]
    [InlineData(JobState.Downloaded, false, false, ResumeAction.Poll)]
    [InlineData(JobState.Failed, true, false, ResumeAction.Failed)]
    public void Decides_from_the_journal_state(JobState state, bool resubmitInDoubt, bool imageIntact, object expected) =>
        Assert.Equal((ResumeAction)expected, ResumePolicy.Decide(Row(state), resubmitInDoubt, imageIntact)); // object: ResumeAction is internal

    [Fact]
    public void A_job_the_journal_has_never_seen_is_submitted() =>
        Assert.Equal(ResumeAction.Submit, ResumePolicy.Decide(null, false, false));
}
