using System.Net;
using OrleansScheduler.Silo.Tests.Infrastructure;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests;

/// <summary><c>idempotencyWindowMs</c> on submissions, single and batch, on both stores (the subclasses).</summary>
public abstract class IdempotencyWindowApiTests(SiloFixture silo)
{
    private readonly HttpClient _http = silo.Http;

    private static string NewQueue() => "iw-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task a_key_given_a_one_second_window_answers_the_first_task_within_it_and_makes_a_new_task_after_it()
    {
        string body = $$"""{"type":"echo","queue":"{{NewQueue()}}","idempotencyKey":"short-lived","idempotencyWindowMs":1000}""";
        // Taken before the submission: the window starts when the store takes the task, however late the answer comes.
        var submittedBy = DateTimeOffset.UtcNow;
        string first = await _http.SubmitAsync(body);

        string again = await _http.SubmitAsync(body);
        string later = await Eventually.Until(() => _http.SubmitAsync(body), id => id != first, "the key to be forgotten after its 1 s window", TimeSpan.FromSeconds(15));

        Assert.Equal(first, again);
        Assert.True(DateTimeOffset.UtcNow - submittedBy >= TimeSpan.FromSeconds(0.9), "the key was forgotten before its window ended");
        Assert.NotNull(await silo.Store.GetAsync(later));
    }

    [Fact]
    public async Task a_key_without_a_window_is_remembered_past_a_second()
    {
        string body = $$"""{"type":"echo","queue":"{{NewQueue()}}","idempotencyKey":"default-window"}""";
        string first = await _http.SubmitAsync(body);
        var until = DateTimeOffset.UtcNow.AddSeconds(1.5);
        await Eventually.Until(() => Task.FromResult(DateTimeOffset.UtcNow), now => now > until, "1.5 s to pass");

        Assert.Equal(first, await _http.SubmitAsync(body));
    }

    [Fact]
    public async Task a_batch_takes_a_window_per_item()
    {
        string queue = NewQueue();
        var response = await _http.PostJsonAsync("/api/tasks/batch",
            $$"""{"tasks":[{"type":"echo","queue":"{{queue}}","idempotencyKey":"a","idempotencyWindowMs":1000},{"type":"echo","queue":"{{queue}}","idempotencyKey":"b","idempotencyWindowMs":600000}]}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ids = (await response.JsonAsync()).GetProperty("ids").EnumerateArray().Select(i => i.GetString()!).ToList();

        string a = await Eventually.Until(() => _http.SubmitAsync($$"""{"type":"echo","queue":"{{queue}}","idempotencyKey":"a"}"""), id => id != ids[0], "key a to be forgotten", TimeSpan.FromSeconds(15));
        string b = await _http.SubmitAsync($$"""{"type":"echo","queue":"{{queue}}","idempotencyKey":"b"}""");

        Assert.NotEqual(ids[0], a);
        Assert.Equal(ids[1], b);
    }
}
