namespace OrleansScheduler.Api;

/// <summary>What a silo's worker says of itself.</summary>
/// <param name="SiloId">The silo's address (<c>SiloAddress.ToParsableString()</c>).</param>
/// <param name="Name">The silo's name.</param>
/// <param name="Running">Attempts running now.</param>
/// <param name="Capacity">Its slots (0 when it runs no workers).</param>
/// <param name="Queues">The queues it serves.</param>
/// <param name="Labels">Its labels.</param>
/// <param name="Claiming">Whether it claims work now.</param>
/// <param name="Draining">Whether it is draining.</param>
/// <param name="Version">The product version it runs.</param>
[GenerateSerializer, Alias("OrleansScheduler.WorkerLoad")]
public sealed record WorkerLoad(
    [property: Id(0)] string SiloId, [property: Id(1)] string Name, [property: Id(2)] int Running, [property: Id(3)] int Capacity,
    [property: Id(4)] IReadOnlyList<string> Queues, [property: Id(5)] IReadOnlyDictionary<string, string> Labels,
    [property: Id(6)] bool Claiming, [property: Id(7)] bool Draining, [property: Id(8)] string Version)
{
    /// <summary>Slots its running attempts take (each its task's cost); equals <see cref="Running"/> when every task costs 1.</summary>
    [Id(9)] public int UsedSlots { get; init; }

    /// <summary>Its free slots: <see cref="Capacity"/> minus <see cref="UsedSlots"/>, never below 0.</summary>
    public int FreeSlots => Math.Max(0, Capacity - UsedSlots);
}
