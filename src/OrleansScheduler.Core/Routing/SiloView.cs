namespace OrleansScheduler.Routing;

/// <summary>
/// One silo as a silo's membership-and-load snapshot sees it (DESIGN.md §7): Orleans membership says whether
/// it is <see cref="Active"/>, its worker grain's pushed load says how many of its slots are in use and
/// whether it is <see cref="Claiming"/>, its options say which queues it serves and the labels it carries.
/// </summary>
/// <param name="Id">Its address (<c>SiloAddress.ToParsableString()</c>): what <see cref="Tasks.TaskSubmission.RoutedTo"/> holds.</param>
/// <param name="Name">Its name (Orleans' <c>SiloName</c>); may be empty. A silo restarted under the same name gets a new <paramref name="Id"/> and keeps its name.</param>
/// <param name="Active">Whether membership lists it as Active.</param>
/// <param name="Capacity">Its slots (<c>Scheduler:Capacity</c>).</param>
/// <param name="UsedSlots">Slots its running attempts take now (each attempt its task's cost).</param>
/// <param name="Queues">The queues its workers serve.</param>
/// <param name="Labels">Its labels (<c>Scheduler:Labels:&lt;key&gt;</c>).</param>
/// <param name="Claiming">Whether it claims work now: false while it drains or runs no workers.</param>
public sealed record SiloView(
    string Id,
    string Name,
    bool Active,
    int Capacity,
    int UsedSlots,
    IReadOnlyList<string> Queues,
    IReadOnlyDictionary<string, string> Labels,
    bool Claiming)
{
    /// <summary>
    /// Whether membership has declared it Dead: its silo lanes are routed again at once. A silo that is only
    /// not <see cref="Active"/> (joining, shutting down) keeps its lanes. False by default.
    /// </summary>
    public bool Dead { get; init; }

    /// <summary>Its slots not in use: <see cref="Capacity"/> − <see cref="UsedSlots"/>, never below 0.</summary>
    public int FreeSlots => Math.Max(0, Capacity - UsedSlots);

    /// <summary>What rendezvous hashing weighs it by: its <see cref="Name"/> when it has one, else its <see cref="Id"/>, so a silo restarted under the same name keeps its keys.</summary>
    public string HashIdentity => string.IsNullOrEmpty(Name) ? Id : Name;

    /// <summary>Whether its workers serve <paramref name="queue"/> (ordinal).</summary>
    public bool Serves(string queue)
    {
        foreach (string served in Queues)
        {
            if (string.Equals(served, queue, StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
