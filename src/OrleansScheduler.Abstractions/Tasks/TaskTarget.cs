namespace OrleansScheduler.Tasks;

/// <summary>
/// A task run by one of the application's grains instead of a handler (docs/executors.md): the grain type the
/// silos registered under <see cref="Grain"/> (<c>AddTaskTargetGrain&lt;OrderGrain&gt;("orders")</c>), activated by
/// <see cref="Key"/>. Only registered names can be targeted, so the API cannot reach any other grain.
/// </summary>
[GenerateSerializer, Alias("OrleansScheduler.TaskTarget")]
public sealed record TaskTarget
{
    /// <summary>The name the grain type is registered under; it matches <see cref="TaskLimits.TypePattern"/>.</summary>
    [Id(0)] public required string Grain { get; init; }

    /// <summary>The grain's string key (at most <see cref="TaskLimits.MaxTargetKeyLength"/> characters); null: the task's id, one activation per task.</summary>
    [Id(1)] public string? Key { get; init; }
}
