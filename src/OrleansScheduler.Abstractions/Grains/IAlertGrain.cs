using Orleans.Concurrency;
using OrleansScheduler.Alerts;

namespace OrleansScheduler.Grains;

/// <summary>
/// The one alert evaluator of the cluster (key 0): each tick it evaluates every rule over the store's queue stats,
/// new failed events, the membership and the schedules, and sends what fires as signed webhooks, once per rule and
/// subject within the dedup window. Every silo pokes it each second, as the scheduler grain. Its rules from the API,
/// its dedup window and its latest firings are its persistent state.
/// </summary>
[Alias("OrleansScheduler.IAlertGrain")]
public interface IAlertGrain : IGrainWithIntegerKey
{
    /// <summary>Keeps the grain active.</summary>
    [Alias("poke"), OneWay]
    Task PokeAsync();

    /// <summary>The address of the silo it runs on.</summary>
    [Alias("host"), AlwaysInterleave]
    Task<string> GetHostAsync();

    /// <summary>Every rule, sorted by name.</summary>
    [Alias("rules")]
    Task<AlertRuleList> ListRulesAsync();

    /// <summary>The rule, or null.</summary>
    [Alias("rule")]
    Task<AlertRule?> GetRuleAsync(string name);

    /// <summary>Adds or replaces an API rule; true when it was added.</summary>
    /// <exception cref="ArgumentException">The rule names a secret the silos lack; <see cref="ArgumentException.ParamName"/> is the field.</exception>
    /// <exception cref="InvalidOperationException">A rule of that name comes from configuration, or the API has too many.</exception>
    [Alias("put")]
    Task<bool> PutRuleAsync(AlertRule rule);

    /// <summary>Deletes an API rule; false when there was none.</summary>
    /// <exception cref="InvalidOperationException">The rule comes from configuration.</exception>
    [Alias("delete")]
    Task<bool> DeleteRuleAsync(string name);

    /// <summary>The latest firings, newest first.</summary>
    [Alias("firings")]
    Task<AlertFiringList> ListFiringsAsync();
}
