using ClientTour;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Docs.Tests;

/// <summary>A silo of the executable for the client tour's calls to run against.</summary>
public sealed class TourSilo : IAsyncLifetime
{
    public SiloProcess Silo { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public SchedulerClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Silo = await SiloProcess.StartAsync();
        Http = new HttpClient { BaseAddress = Silo.Api };
        Client = new SchedulerClient(Http);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Silo.DisposeAsync();
    }
}

/// <summary>Every .NET client sample docs/api.md quotes (samples/ClientTour) does what its comments say, against a real silo.</summary>
public sealed class ClientTourTests(TourSilo tour) : IClassFixture<TourSilo>
{
    private SchedulerClient Client => tour.Client;

    [Fact]
    public async Task a_workflow_created_through_the_client_runs_each_task_after_its_dependencies()
    {
        var done = await Tour.WorkflowAsync(Client);

        Assert.Equal(Workflows.WorkflowStatus.Succeeded, done.Status);
        Assert.Equal(["fetch", "resize", "report"], done.Nodes.Select(n => n.Key));
        Assert.All(done.Nodes, n => Assert.Equal(TaskState.Succeeded, n.Status));
        Assert.Equal([("fetch", "resize"), ("resize", "report")], done.Edges.Select(e => (e.From, e.To)));
    }

    [Fact]
    public async Task a_parent_submitted_with_its_children_joins_once_they_finished_and_lists_them_in_order()
    {
        var (family, parent, children) = await Tour.FamilyAsync(Client);

        Assert.Equal(TaskState.Waiting, family.Status);
        Assert.Equal(TaskState.Succeeded, parent?.Status);
        Assert.Equal(2, parent!.ChildrenFinished);
        Assert.Equal(ChildFailurePolicy.FailFast, parent.FailurePolicy);
        Assert.Equal([$"{family.Id}.0", $"{family.Id}.1"], children.Select(c => c.Id));
        Assert.Equal(["1", "2"], children.Select(c => c.Result?.GetRawText()));
    }

    [Fact]
    public async Task submitting_and_waiting_gives_the_finished_task()
    {
        var done = await Tour.SubmitAndWaitAsync(tour.Silo.Api);
        Assert.Equal(TaskState.Succeeded, done?.Status);
        Assert.Equal("""{"hello":"world"}""", done?.Result?.GetRawText());
    }

    [Fact]
    public async Task an_idempotent_repeat_gives_the_first_tasks_id()
    {
        string id = await Tour.IdempotentSubmitAsync(Client);
        Assert.NotNull(await Client.GetAsync(id));
    }

    [Fact]
    public async Task the_history_calls_show_a_finished_tasks_attempt_and_events()
    {
        var submitted = await Client.SubmitAsync(SubmitTaskRequest.Create("echo", new { n = 1 }));
        Assert.Equal(TaskState.Succeeded, (await Client.WaitAsync(submitted.Id, TimeSpan.FromSeconds(30)))?.Status);

        var (lines, attempts, events, progress) = await Tour.HistoryAsync(Client, submitted.Id);
        Assert.Empty(lines!);
        Assert.Equal("succeeded", Assert.Single(attempts!).Outcome);
        Assert.Equal(["submitted", "started", "succeeded"], events!.Select(e => e.Type));
        Assert.Equal(TaskState.Succeeded, progress?.Status);
        Assert.Null(await Client.GetLogsAsync("no-such-task"));
    }

    [Fact]
    public async Task the_event_stream_delivers_the_queues_events()
    {
        var submitted = await Client.SubmitAsync(SubmitTaskRequest.Create("echo", new { n = 2 }));
        await Client.WaitAsync(submitted.Id, TimeSpan.FromSeconds(30));
        var kept = await Client.GetTaskEventsAsync(submitted.Id);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        string? last = await Tour.StreamAsync(Client, stop.Token);
        Assert.NotNull(last);
        Assert.True(string.CompareOrdinal(last, kept![^1].Id) >= 0, $"the stream ended at {last}, before the task's last event {kept[^1].Id}");
    }

    [Fact]
    public async Task the_queue_calls_list_the_default_queue()
    {
        await Client.SubmitAsync(SubmitTaskRequest.Create("echo", new { n = 3 }));
        var (queues, one) = await Tour.QueuesAsync(Client);
        Assert.Contains(queues, q => q.Name == "default");
        Assert.Equal("default", one?.Name);
    }

    [Fact]
    public async Task limits_are_stored_read_and_cleared()
    {
        var (stored, limits, cleared) = await Tour.LimitsAsync(Client);
        Assert.Equal((2, 0.5), (stored.MaxConcurrency, stored.RatePerSecond));
        Assert.Equal(stored, limits);
        Assert.Equal((null, null), (cleared.MaxConcurrency, cleared.RatePerSecond));
    }

    [Fact]
    public async Task a_schedule_is_created_replaced_listed_read_and_deleted()
    {
        var (created, put, all, one) = await Tour.SchedulesAsync(Client);
        Assert.Equal("nightly-report", created.Name);
        Assert.Equal(created.CreatedAt, put.CreatedAt);
        Assert.Contains(all, s => s.Name == "nightly-report");
        Assert.Equal(OverlapPolicy.Skip, one?.Overlap);
        Assert.Null(await Client.GetScheduleAsync("nightly-report"));
    }

    [Fact]
    public async Task an_error_arrives_as_the_problems_status_and_detail()
    {
        var error = await Tour.ErrorsAsync(Client);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error?.StatusCode);
        Assert.Equal("There is no task with id 'no-such-task'.", error?.Detail);
    }

    [Fact]
    public async Task the_silo_list_names_the_one_silo_and_the_scheduler_grains_host()
    {
        var cluster = await Tour.SilosAsync(Client);
        var silo = Assert.Single(cluster.Silos);
        Assert.Equal(SiloState.Active, silo.Status);
        Assert.True(silo.HostsScheduler);
        Assert.Equal(silo.Id, cluster.SchedulerSilo);
    }

    [Fact]
    public async Task a_routed_task_runs_on_the_silo_its_key_hashes_to_and_a_queue_routing_is_set_read_and_cleared()
    {
        var (done, stored, read) = await Tour.RoutingAsync(Client);

        Assert.Equal(TaskState.Succeeded, done?.Status);
        Assert.Equal((RoutingStrategy.ConsistentHash, "customer-42"), (done?.Routing?.Strategy, done?.Routing?.Key));
        Assert.Equal(done?.Silo, done?.RoutedTo);
        Assert.Equal(RoutingStrategy.LeastLoaded, stored.Strategy);
        Assert.Equal(stored, read);
        Assert.Null(await Client.GetQueueRoutingAsync("reports"));
    }
}
