using System.Net.Http.Json;
using OrleansScheduler.Api;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Client;

/// <summary>
/// Parents and children through the gateway: a parent submitted with its children in one step, which runs
/// its join step once every child has finished, and a parent's children read back page by page.
/// </summary>
public static class SchedulerClientFamilyExtensions
{
    /// <summary>
    /// Submits <paramref name="join"/> as a parent that waits for <paramref name="children"/> (1 to 1000, any
    /// queue, no ids or idempotency keys of their own) and then runs as its join step, all or nothing.
    /// </summary>
    /// <returns>The parent's id and state (Waiting) and its children's ids, <c>&lt;parent id&gt;.&lt;position&gt;</c>.</returns>
    /// <exception cref="SchedulerApiException">400 naming each invalid field; 409 when the parent's id is taken.</exception>
    public static async Task<SubmittedParentTask> SubmitWithChildrenAsync(this SchedulerClient client, SubmitTaskRequest join, IReadOnlyList<SubmitTaskRequest> children,
        ChildFailurePolicy policy = ChildFailurePolicy.Collect, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(join);
        ArgumentNullException.ThrowIfNull(children);
        var body = new FamilyBody(join, children, policy == ChildFailurePolicy.FailFast ? "failFast" : "collect");
        using var response = await client.Http.PostAsJsonAsync("api/tasks", body, ApiJson.Options, cancellationToken).ConfigureAwait(false);
        return await GatewayHttp.ReadAsync<SubmittedParentTask>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Up to <paramref name="limit"/> (1 to 1000) of the task's children from position <paramref name="start"/> on; null when there is no such task.</summary>
    public static Task<ChildPageInfo?> GetChildrenAsync(this SchedulerClient client, string id, int start = 0, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return GatewayHttp.GetOrNullAsync<ChildPageInfo>(client.Http, $"{GatewayHttp.TaskPath(id)}/children?start={start}&limit={limit}", cancellationToken);
    }

    /// <summary>Every child of the task in spawn order, read a page at a time.</summary>
    public static async IAsyncEnumerable<ChildTaskInfo> GetAllChildrenAsync(this SchedulerClient client, string id,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (int? start = 0; start is { } from;)
        {
            var page = await client.GetChildrenAsync(id, from, 1000, cancellationToken).ConfigureAwait(false);
            if (page is null) yield break;
            foreach (var child in page.Children) yield return child;
            start = page.Next;
        }
    }

    private sealed record FamilyBody(SubmitTaskRequest Join, IReadOnlyList<SubmitTaskRequest> Children, string FailurePolicy);
}
