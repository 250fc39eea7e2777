using System.Net.Http.Json;
using OrleansScheduler.Api;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Client;

/// <summary>Cron schedules through the gateway (<c>/api/schedules</c>): each submits a task every time its expression fires.</summary>
public static class SchedulerClientScheduleExtensions
{
    /// <summary>Creates a schedule and returns it as stored.</summary>
    /// <exception cref="SchedulerApiException">409 when a schedule has the name already; 400 naming each invalid field.</exception>
    public static async Task<ScheduleInfo> CreateScheduleAsync(this SchedulerClient client, ScheduleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        using var response = await client.Http.PostAsJsonAsync("api/schedules", request, ApiJson.Options, cancellationToken).ConfigureAwait(false);
        return await GatewayHttp.ReadAsync<ScheduleInfo>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the schedule named <see cref="ScheduleRequest.Name"/>, or replaces it when it exists; returns it as stored.</summary>
    /// <exception cref="SchedulerApiException">400 naming each invalid field.</exception>
    public static async Task<ScheduleInfo> PutScheduleAsync(this SchedulerClient client, ScheduleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        // The name is the route's; the body carries the rest.
        var body = new PutBody(request.Cron, request.TimeZone, request.Task, request.Enabled, request.Overlap, request.CatchUp);
        using var response = await client.Http.PutAsJsonAsync(GatewayHttp.SchedulePath(request.Name), body, ApiJson.Options, cancellationToken).ConfigureAwait(false);
        return await GatewayHttp.ReadAsync<ScheduleInfo>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every schedule.</summary>
    public static async Task<IReadOnlyList<ScheduleInfo>> ListSchedulesAsync(this SchedulerClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.Http.GetAsync("api/schedules", cancellationToken).ConfigureAwait(false);
        return (await GatewayHttp.ReadAsync<ScheduleList>(response, cancellationToken).ConfigureAwait(false)).Schedules;
    }

    /// <summary>The schedule, or null when there is none of that name.</summary>
    public static Task<ScheduleInfo?> GetScheduleAsync(this SchedulerClient client, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return GatewayHttp.GetOrNullAsync<ScheduleInfo>(client.Http, GatewayHttp.SchedulePath(name), cancellationToken);
    }

    /// <summary>Deletes the schedule: it fires no more (tasks it submitted are left alone).</summary>
    /// <exception cref="SchedulerApiException">404 when there is no schedule of that name.</exception>
    public static async Task DeleteScheduleAsync(this SchedulerClient client, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.Http.DeleteAsync(GatewayHttp.SchedulePath(name), cancellationToken).ConfigureAwait(false);
        await GatewayHttp.EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private sealed record PutBody(string Cron, string? TimeZone, ScheduleTaskInfo Task, bool? Enabled, OverlapPolicy? Overlap, CatchUpPolicy? CatchUp);
}
