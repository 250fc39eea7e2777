using System.Net;
using System.Text.Json;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests;

/// <summary>The typed client against the real gateway: what it sends is what the gateway takes, and what it reads is what the gateway writes.</summary>
public sealed class SchedulerClientTests(InMemorySiloFixture silo) : IClassFixture<InMemorySiloFixture>
{
    private readonly SchedulerClient _client = silo.Client;

    private static string UnservedQueue() => "client-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task a_task_submitted_with_the_client_runs_and_reads_back_with_every_field()
    {
        var submitted = await _client.SubmitAsync(SubmitTaskRequest.Create("echo", new { word = "hi", n = 7 }) with { Priority = 3, MaxAttempts = 5, TimeoutMs = 5000, BackoffMs = 10 });
        Assert.Equal(TaskState.Pending, submitted.Status);

        var task = await Eventually.Until(() => _client.GetAsync(submitted.Id), t => t?.Status == TaskState.Succeeded, $"task {submitted.Id} to succeed");

        Assert.NotNull(task);
        Assert.Equal("echo", task.Type);
        Assert.Equal("default", task.Queue);
        Assert.Equal(3, task.Priority);
        Assert.Equal(5, task.MaxAttempts);
        Assert.Equal(5000, task.TimeoutMs);
        Assert.Equal(10, task.BackoffMs);
        Assert.Equal(1, task.Attempt);
        Assert.Equal(silo.SiloId, task.Silo);
        Assert.Equal(0, task.Failovers);
        Assert.Equal("hi", task.Payload.GetProperty("word").GetString());
        Assert.Equal(7, task.Result!.Value.GetProperty("n").GetInt32());
        Assert.NotNull(task.FinishedAt);
    }

    [Fact]
    public async Task the_client_lists_the_silos_with_this_one_active_and_hosting_the_scheduler()
    {
        var list = await Eventually.Until(() => _client.ListSilosAsync(), l => l.SchedulerSilo is not null, "a scheduler silo");

        var self = Assert.Single(list.Silos, s => s.Id == silo.SiloId);
        Assert.Equal(silo.SiloName, self.Name);
        Assert.Equal(SiloState.Active, self.Status);
        Assert.Equal(self.Id, list.SchedulerSilo);
        Assert.True(self.HostsScheduler);
        var one = await _client.GetSiloAsync(self.Id);
        Assert.Equal((self.Id, self.Name, self.HostName, self.StartedAt), (one?.Id, one?.Name, one?.HostName, one?.StartedAt));
    }

    [Fact]
    public async Task draining_an_unknown_silo_throws_the_404_problem_and_get_answers_null()
    {
        const string unknown = "127.0.0.1:7@7";

        var error = await Assert.ThrowsAsync<SchedulerApiException>(() => _client.DrainSiloAsync(unknown));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains(unknown, error.Detail);
        Assert.Null(await _client.GetSiloAsync(unknown));
    }

    [Fact]
    public async Task get_answers_null_for_an_unknown_task()
    {
        Assert.Null(await _client.GetAsync("NO-SUCH-TASK"));
    }

    [Fact]
    public async Task a_batch_lists_back_page_by_page_in_order()
    {
        string queue = UnservedQueue();
        var requests = Enumerable.Range(0, 5).Select(i => SubmitTaskRequest.Create("echo", new { i }) with { Queue = queue }).ToList();

        var ids = await _client.SubmitBatchAsync(requests);

        var first = await _client.ListAsync(new TaskListQuery { Queue = queue, Limit = 3 });
        var second = await _client.ListAsync(new TaskListQuery { Queue = queue, Limit = 3, Cursor = first.NextCursor });
        Assert.Equal(ids, first.Tasks.Concat(second.Tasks).Select(t => t.Id));
        Assert.Null(second.NextCursor);
        Assert.Equal(5, (await _client.ListAsync(new TaskListQuery { Queue = queue, Status = TaskState.Pending, Type = "echo" })).Tasks.Count);
        Assert.Contains(queue, (await _client.ListQueuesAsync()).Select(q => q.Name));
    }

    [Fact]
    public async Task a_delayed_task_can_be_canceled_and_canceling_it_again_throws_a_409_with_the_problem()
    {
        var submitted = await _client.SubmitAsync(new SubmitTaskRequest { Type = "sleep", RunAt = DateTimeOffset.UtcNow.AddHours(1) });
        Assert.Equal(TaskState.Scheduled, submitted.Status);

        var canceled = await _client.CancelAsync(submitted.Id);
        var again = await Assert.ThrowsAsync<SchedulerApiException>(() => _client.CancelAsync(submitted.Id));

        Assert.Equal(TaskState.Canceled, canceled.Status);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains(submitted.Id, again.Detail);
        Assert.Contains("Canceled", again.Detail);
    }

    [Fact]
    public async Task an_invalid_request_throws_with_the_status_title_detail_and_field_errors()
    {
        var error = await Assert.ThrowsAsync<SchedulerApiException>(() =>
            _client.SubmitBatchAsync([new SubmitTaskRequest { Type = "echo" }, new SubmitTaskRequest { Type = "echo", Priority = 5000, DelayMs = 1, RunAt = DateTimeOffset.UtcNow }]));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.Title));
        Assert.Contains("tasks[1].priority", error.Detail);
        Assert.Contains("tasks[1].priority", error.Errors.Keys);
        Assert.Contains("tasks[1].delayMs", error.Errors.Keys);
    }

    [Fact]
    public async Task canceling_an_unknown_task_throws_a_404()
    {
        var error = await Assert.ThrowsAsync<SchedulerApiException>(() => _client.CancelAsync("NO-SUCH-TASK"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains("NO-SUCH-TASK", error.Message);
    }

    [Fact]
    public async Task pause_resume_cancel_retry_and_delete_return_the_task_as_each_leaves_it()
    {
        string id = (await _client.SubmitAsync(new SubmitTaskRequest { Type = "echo", Queue = UnservedQueue() })).Id;

        Assert.Equal(TaskState.Paused, (await _client.PauseAsync(id)).Status);
        Assert.Equal(TaskState.Pending, (await _client.ResumeAsync(id)).Status);
        Assert.Equal(TaskState.Canceled, (await _client.CancelAsync(id)).Status);
        Assert.Equal(TaskState.Pending, (await _client.RetryAsync(id)).Status);
        var deleted = await _client.DeleteAsync(id);

        Assert.Equal((id, TaskState.Pending), (deleted.Id, deleted.Status));
        Assert.Null(await _client.GetAsync(id));
        var error = await Assert.ThrowsAsync<SchedulerApiException>(() => _client.ResumeAsync(id));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task resuming_a_task_that_is_not_paused_throws_a_409_naming_the_states()
    {
        string id = (await _client.SubmitAsync(new SubmitTaskRequest { Type = "echo", Queue = UnservedQueue() })).Id;

        var error = await Assert.ThrowsAsync<SchedulerApiException>(() => _client.ResumeAsync(id));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Contains(id, error.Detail);
        Assert.Contains("Pending", error.Detail);
        Assert.Contains("Paused", error.Detail);
    }

    [Fact]
    public async Task an_idempotency_key_returns_the_same_id_again_and_another_payload_under_it_throws_a_409()
    {
        var request = SubmitTaskRequest.Create("echo", new { order = 7 }) with { Queue = UnservedQueue(), IdempotencyKey = "order-7" };

        var first = await _client.SubmitAsync(request);
        var again = await _client.SubmitAsync(request);
        var batch = await _client.SubmitBatchAsync([request]);
        var error = await Assert.ThrowsAsync<SchedulerApiException>(() => _client.SubmitAsync(request with { Payload = JsonSerializer.SerializeToElement(8) }));

        Assert.Equal(first.Id, again.Id);
        Assert.Equal([first.Id], batch);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Contains(first.Id, error.Detail);
        Assert.Contains("idempotencyKey", error.Errors.Keys);
    }

    [Fact]
    public async Task the_client_lists_dead_letters_and_retries_given_ids_or_all_of_them()
    {
        string queue = UnservedQueue();
        var failing = SubmitTaskRequest.Create("fail", new { times = 9 }) with { Queue = queue, MaxAttempts = 1 };
        IReadOnlyList<string> ids;
        await using (silo.StartSilo(new Dictionary<string, string?> { ["Scheduler:Queues:0"] = queue }))
        {
            ids = await _client.SubmitBatchAsync([failing, failing, failing]);
            await Eventually.Until(() => _client.ListDeadLetterAsync(queue), page => page.Tasks.Count == 3, $"3 dead letters in {queue}");
        }

        var first = await _client.ListDeadLetterAsync(queue, limit: 2);
        var second = await _client.ListDeadLetterAsync(queue, limit: 2, cursor: first.NextCursor);
        var some = await _client.RetryDeadLetterAsync(queue, [ids[1], "no-such-task"]);
        var rest = await _client.RetryDeadLetterAsync(queue);

        Assert.Equal(ids, first.Tasks.Concat(second.Tasks).Select(t => t.Id));
        Assert.All(first.Tasks, t => Assert.Contains("fails on purpose", t.Error));
        Assert.Equal([ids[1]], some.Retried);
        Assert.Equal(1, some.Count);
        var skipped = Assert.Single(some.Skipped);
        Assert.Equal(("no-such-task", SkipReason.NotFound, null), (skipped.Id, skipped.Reason, skipped.TaskStatus));
        Assert.Equal([ids[0], ids[2]], rest.Retried);
        Assert.Empty((await _client.ListDeadLetterAsync(queue)).Tasks);
    }

    [Fact]
    public async Task a_request_sends_only_what_it_sets_so_the_gateway_applies_its_defaults()
    {
        var recorder = new RecordingHandler();
        var client = new SchedulerClient(silo.Factory.CreateDefaultClient(recorder));

        await client.SubmitAsync(new SubmitTaskRequest { Type = "echo", Queue = UnservedQueue() });

        using var sent = JsonDocument.Parse(recorder.LastBody!);
        Assert.Equal(["type", "queue"], sent.RootElement.EnumerateObject().Select(p => p.Name));
    }

    /// <summary>Keeps the body of the last request on its way to the gateway.</summary>
    private sealed class RecordingHandler : DelegatingHandler
    {
        public string? LastBody { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null) LastBody = await request.Content.ReadAsStringAsync(cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
