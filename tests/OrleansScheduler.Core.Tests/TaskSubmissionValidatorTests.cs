using OrleansScheduler.Tasks;

namespace OrleansScheduler.Core.Tests;

public sealed class TaskSubmissionValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TaskSubmission Good = new() { Type = "echo" };

    public static TheoryData<TaskSubmission, string> BadSubmissions => new()
    {
        { Good with { Type = "" }, "type" },
        { Good with { Type = "has space" }, "type" },
        { Good with { Type = new string('t', 129) }, "type" },
        { Good with { Queue = "" }, "queue" },
        { Good with { Queue = "q{1}" }, "queue" },
        { Good with { Queue = new string('q', 65) }, "queue" },
        { Good with { Id = "-leading-dash" }, "id" },
        // .NET's $ also matches before a final newline: each name is matched whole
        { Good with { Type = "echo\n" }, "type" },
        { Good with { Queue = "default\n" }, "queue" },
        { Good with { Id = "t1\n" }, "id" },
        { Good with { IdempotencyKey = "k1\n" }, "idempotencyKey" },
        { Good with { Priority = TaskLimits.MaxPriority + 1 }, "priority" },
        { Good with { Priority = TaskLimits.MinPriority - 1 }, "priority" },
        { Good with { MaxAttempts = 0 }, "maxAttempts" },
        { Good with { MaxAttempts = TaskLimits.MaxAttempts + 1 }, "maxAttempts" },
        { Good with { Timeout = TimeSpan.Zero }, "timeoutMs" },
        { Good with { Timeout = TaskLimits.MaxTimeout + TimeSpan.FromMilliseconds(1) }, "timeoutMs" },
        { Good with { Backoff = TimeSpan.FromMilliseconds(-1) }, "backoffMs" },
        { Good with { RunAt = Now + TaskLimits.MaxDelay + TimeSpan.FromSeconds(1) }, "runAt" },
        { Good with { Payload = "\"" + new string('x', 100) + "\"" }, "payload" },
    };

    [Theory]
    [MemberData(nameof(BadSubmissions))]
    public void each_bad_field_is_named(TaskSubmission submission, string field)
    {
        var errors = TaskSubmissionValidator.Validate(submission, Now, maxPayloadBytes: 64, prefix: "tasks[3].");
        Assert.Contains(errors, e => e.Field == "tasks[3]." + field);
    }

    [Fact]
    public void a_minimal_submission_is_valid() =>
        Assert.Empty(TaskSubmissionValidator.Validate(Good, Now, TaskLimits.DefaultMaxPayloadBytes));

    [Fact]
    public void the_payload_limit_counts_utf8_bytes_not_characters()
    {
        var payload = "\"" + new string('é', 40) + "\""; // 42 characters, 82 bytes
        Assert.Single(TaskSubmissionValidator.Validate(Good with { Payload = payload }, Now, maxPayloadBytes: 81));
        Assert.Empty(TaskSubmissionValidator.Validate(Good with { Payload = payload }, Now, maxPayloadBytes: 82));
    }
}
