namespace OrleansScheduler.Api;

/// <summary>What putting a schedule did.</summary>
/// <param name="Created">True when no schedule had the name (201), false when one was replaced (200).</param>
/// <param name="Schedule">The schedule as stored now.</param>
[GenerateSerializer, Alias("OrleansScheduler.ScheduleUpsert")]
public sealed record ScheduleUpsert([property: Id(0)] bool Created, [property: Id(1)] ScheduleInfo Schedule);
