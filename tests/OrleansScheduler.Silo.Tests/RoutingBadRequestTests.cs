using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// A bad <c>routing</c> object, wherever the API takes one (a task, a batch's task, a family's join and children,
/// a schedule's template, a workflow's task, a queue's defaults), gets a 400 naming the field, and changes nothing
/// (DESIGN.md §10): no task, schedule or workflow is stored and the queue keeps the routing it had.
/// </summary>
public abstract class RoutingBadRequestTests(SiloFixture silo)
{
    /// <summary>A queue whose default routing is set before every case, so a refused PUT can be seen to change nothing.</summary>
    private const string RoutedQueue = "routed-queue";

    private static readonly TaskRouting Before = new() { Strategy = RoutingStrategy.ConsistentHash, Key = "before" };

    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        // because, method, path, body, field the problem must name
        { "an unknown strategy", "POST", "/api/tasks", """{"type":"echo","routing":{"strategy":"hash"}}""", "routing.strategy" },
        { "a strategy in the wrong case", "POST", "/api/tasks", """{"type":"echo","routing":{"strategy":"ConsistentHash","key":"k"}}""", "routing.strategy" },
        { "a strategy by number", "POST", "/api/tasks", """{"type":"echo","routing":{"strategy":1,"key":"k"}}""", "routing.strategy" },
        { "routing is a string", "POST", "/api/tasks", """{"type":"echo","routing":"consistentHash"}""", "routing" },
        { "routing is an array", "POST", "/api/tasks", """{"type":"echo","routing":[]}""", "routing" },
        { "routing has an unknown field", "POST", "/api/tasks", """{"type":"echo","routing":{"strategy":"random","colour":"red"}}""", "routing.colour" },
        { "routing has a field in the wrong case", "POST", "/api/tasks", """{"type":"echo","routing":{"Strategy":"random"}}""", "routing.Strategy" },
        { "routing gives a field twice", "POST", "/api/tasks", """{"type":"echo","routing":{"cost":2,"cost":3}}""", "routing.cost" },
        { "a client sets shardIndex", "POST", "/api/tasks", """{"type":"echo","routing":{"strategy":"sharding","shards":4,"shardIndex":1}}""", "routing.shardIndex" },
        { "cost is a string", "POST", "/api/tasks", """{"type":"echo","routing":{"cost":"big"}}""", "routing.cost" },
        { "cost is not whole", "POST", "/api/tasks", """{"type":"echo","routing":{"cost":1.5}}""", "routing.cost" },
        { "cost is 0", "POST", "/api/tasks", """{"type":"echo","routing":{"cost":0}}""", "routing.cost" },
        { "cost is over the maximum", "POST", "/api/tasks", $$$"""{"type":"echo","routing":{"cost":{{{TaskRoutingValidator.MaxCost + 1}}}}}""", "routing.cost" },
        { "cost is 1e99", "POST", "/api/tasks", """{"type":"echo","routing":{"cost":1e99}}""", "routing.cost" },
        { "labels is an array", "POST", "/api/tasks", """{"type":"echo","routing":{"labels":["gpu"]}}""", "routing.labels" },
        { "a label's value is a boolean", "POST", "/api/tasks", """{"type":"echo","routing":{"labels":{"gpu":true}}}""", "routing.labels.gpu" },
        { "a label's key has a space", "POST", "/api/tasks", """{"type":"echo","routing":{"labels":{"my zone":"eu-1"}}}""", "routing.labels" },
        { "too many labels", "POST", "/api/tasks", """{"type":"echo","routing":{"labels":<33 labels>}}""", "routing.labels" },
        { "consistentHash without a key", "POST", "/api/tasks", """{"type":"echo","routing":{"strategy":"consistentHash"}}""", "routing.key" },
        { "a key with roundRobin", "POST", "/api/tasks", """{"type":"echo","routing":{"strategy":"roundRobin","key":"k"}}""", "routing.key" },
        { "a key of 257 characters", "POST", "/api/tasks", $$$"""{"type":"echo","routing":{"strategy":"consistentHash","key":"{{{new string('k', 257)}}}"}}""", "routing.key" },
        { "a key that is a number", "POST", "/api/tasks", """{"type":"echo","routing":{"strategy":"consistentHash","key":42}}""", "routing.key" },
        { "pinned without a silo", "POST", "/api/tasks", """{"type":"echo","routing":{"strategy":"pinned"}}""", "routing.silo" },
        { "a silo with random", "POST", "/api/tasks", """{"type":"echo","routing":{"strategy":"random","silo":"Silo_1"}}""", "routing.silo" },
        { "sharding without shards", "POST", "/api/tasks", """{"type":"echo","routing":{"strategy":"sharding"}}""", "routing.shards" },
        { "shards is 0", "POST", "/api/tasks", """{"type":"echo","routing":{"strategy":"sharding","shards":0}}""", "routing.shards" },
        { "shards is over the maximum", "POST", "/api/tasks", $$$"""{"type":"echo","routing":{"strategy":"sharding","shards":{{{TaskRoutingValidator.MaxShards + 1}}}}}""", "routing.shards" },
        { "shards with broadcast", "POST", "/api/tasks", """{"type":"echo","routing":{"strategy":"broadcast","shards":2}}""", "routing.shards" },
        { "reassignAfterMs with pinned", "POST", "/api/tasks", """{"type":"echo","routing":{"strategy":"pinned","silo":"Silo_1","reassignAfterMs":1000}}""", "routing.reassignAfterMs" },
        { "reassignAfterMs below the minimum", "POST", "/api/tasks", """{"type":"echo","routing":{"strategy":"roundRobin","reassignAfterMs":50}}""", "routing.reassignAfterMs" },
        { "reassignAfterMs is a string", "POST", "/api/tasks", """{"type":"echo","routing":{"strategy":"roundRobin","reassignAfterMs":"1s"}}""", "routing.reassignAfterMs" },
        { "maxConcurrent without a concurrencyKey", "POST", "/api/tasks", """{"type":"echo","routing":{"maxConcurrent":1}}""", "routing.maxConcurrent" },
        { "maxConcurrent is 0", "POST", "/api/tasks", """{"type":"echo","routing":{"concurrencyKey":"order-7","maxConcurrent":0}}""", "routing.maxConcurrent" },
        { "an empty concurrencyKey", "POST", "/api/tasks", """{"type":"echo","routing":{"concurrencyKey":""}}""", "routing.concurrencyKey" },
        { "a batch's third task has a cost that is a string", "POST", "/api/tasks/batch",
            """{"tasks":[{"type":"echo"},{"type":"echo","routing":{"strategy":"random"}},{"type":"echo","routing":{"cost":"2"}}]}""", "tasks[2].routing.cost" },
        { "a batch's task has an unknown strategy", "POST", "/api/tasks/batch", """{"tasks":[{"type":"echo","routing":{"strategy":"nearest"}}]}""", "tasks[0].routing.strategy" },
        { "a family's join has consistentHash without a key", "POST", "/api/tasks",
            """{"join":{"type":"echo","routing":{"strategy":"consistentHash"}},"children":[{"type":"echo"}]}""", "join.routing.key" },
        { "a family's child has an unknown routing field", "POST", "/api/tasks",
            """{"join":{"type":"echo"},"children":[{"type":"echo"},{"type":"echo","routing":{"weight":2}}]}""", "children[1].routing.weight" },
        { "a batch's task is broadcast, which is a family of its own", "POST", "/api/tasks/batch",
            """{"tasks":[{"type":"echo"},{"type":"echo","routing":{"strategy":"broadcast"}}]}""", "tasks[1].routing.strategy" },
        { "a family's child is sharded, which is a family of its own", "POST", "/api/tasks",
            """{"join":{"type":"echo"},"children":[{"type":"echo","routing":{"strategy":"sharding","shards":2}}]}""", "children[0].routing.strategy" },
        { "a workflow task is broadcast, which is a family of its own", "POST", "/api/workflows",
            """{"name":"w","tasks":[{"key":"a","type":"echo","routing":{"strategy":"broadcast"}}]}""", "tasks[0].routing.strategy" },
        { "a cost above the capacity of every silo serving the queue", "POST", "/api/tasks", """{"type":"echo","routing":{"cost":101}}""", "routing.cost" },
        { "a schedule's template has cost 0", "POST", "/api/schedules",
            """{"name":"routed-x","cron":"@daily","task":{"type":"echo","routing":{"cost":0}}}""", "task.routing.cost" },
        { "a schedule's template has an unknown strategy", "PUT", "/api/schedules/routed-x",
            """{"cron":"@daily","task":{"type":"echo","routing":{"strategy":"closest"}}}""", "task.routing.strategy" },
        { "a schedule's template sets shardIndex", "POST", "/api/schedules",
            """{"name":"routed-x","cron":"@daily","task":{"type":"echo","routing":{"strategy":"sharding","shards":2,"shardIndex":0}}}""", "task.routing.shardIndex" },
        { "a workflow task's labels is a string", "POST", "/api/workflows",
            """{"name":"w","tasks":[{"key":"a","type":"echo"},{"key":"b","type":"echo","dependsOn":["a"],"routing":{"labels":"gpu"}}]}""", "tasks[1].routing.labels" },
        { "a workflow task has pinned without a silo", "POST", "/api/workflows",
            """{"name":"w","tasks":[{"key":"a","type":"echo","routing":{"strategy":"pinned"}}]}""", "tasks[0].routing.silo" },
        { "a queue routing body is an array", "PUT", $"/api/queues/{RoutedQueue}/routing", """[{"strategy":"random"}]""", "body" },
        { "a queue routing body is null", "PUT", $"/api/queues/{RoutedQueue}/routing", "null", "body" },
        { "a queue routing has an unknown strategy", "PUT", $"/api/queues/{RoutedQueue}/routing", """{"strategy":"sticky"}""", "strategy" },
        { "a queue routing has consistentHash without a key", "PUT", $"/api/queues/{RoutedQueue}/routing", """{"strategy":"consistentHash"}""", "key" },
        { "a queue routing has cost 0", "PUT", $"/api/queues/{RoutedQueue}/routing", """{"cost":0}""", "cost" },
        { "a queue routing sets shardIndex", "PUT", $"/api/queues/{RoutedQueue}/routing", """{"strategy":"sharding","shards":2,"shardIndex":1}""", "shardIndex" },
        { "a queue routing has an unknown field", "PUT", $"/api/queues/{RoutedQueue}/routing", """{"strategy":"random","queue":"x"}""", "queue" },
        { "a queue routing of a bad queue name", "PUT", "/api/queues/bad%20q/routing", """{"strategy":"random"}""", "name" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task a_bad_routing_gets_a_400_naming_the_field_and_changes_nothing(string because, string method, string path, string body, string field)
    {
        var schedules = silo.Factory.Services.GetRequiredService<IScheduleStore>();
        await silo.Store.SetQueueRoutingAsync(RoutedQueue, Before);
        int tasksBefore = (await silo.Store.AllTasksAsync()).Count;
        var schedulesBefore = await schedules.ListAsync();

        var response = await silo.Http.SendRawAsync(new HttpMethod(method), path, "application/json", Expand(body));

        var (problem, detail) = await response.ProblemAsync(400, because);
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _) && detail.Contains(field),
            $"{because}: the problem should name '{field}' in its errors and detail: {problem}");
        Assert.Equal(tasksBefore, (await silo.Store.AllTasksAsync()).Count);
        Assert.Equal(schedulesBefore, await schedules.ListAsync());
        var after = await silo.Store.GetQueueRoutingAsync(RoutedQueue);
        Assert.Equal((Before.Strategy, Before.Key), (after?.Strategy, after?.Key));
    }

    [Fact]
    public async Task an_unknown_strategy_is_refused_with_the_names_of_every_strategy()
    {
        var response = await silo.Http.PostJsonAsync("/api/tasks", """{"type":"echo","routing":{"strategy":"nearest"}}""");

        var (problem, _) = await response.ProblemAsync(400, "an unknown strategy");
        string message = problem.GetProperty("errors").GetProperty("routing.strategy")[0].GetString()!;
        foreach (string name in new[] { "shared", "consistentHash", "roundRobin", "random", "pinned", "broadcast", "sharding", "leastLoaded", "firstFit", "bestFit" })
            Assert.Contains($"\"{name}\"", message);
    }

    /// <summary>Placeholders for bodies too large to write in a table.</summary>
    private static string Expand(string body) => body
        .Replace("<33 labels>", "{" + string.Join(",", Enumerable.Range(0, TaskRoutingValidator.MaxLabels + 1).Select(i => $"\"l{i}\":\"v\"")) + "}");
}
