namespace OrleansScheduler.Server;

/// <summary>Silo addresses in the one text form the scheduler names silos by: <c>SiloAddress.ToParsableString()</c>.</summary>
public static class SiloAddresses
{
    /// <summary>The address as tasks, <c>/healthz</c> and <c>/api/silos</c> name it, e.g. <c>127.0.0.1:11111@155159363</c>.</summary>
    public static string ToId(this SiloAddress silo) => silo.ToParsableString();

    /// <summary>The address <paramref name="id"/> names, or null when it is not one (an owner from before the move onto Orleans, say).</summary>
    public static SiloAddress? TryParse(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.IndexOf('@') <= 0) return null;
        try
        {
            return SiloAddress.FromParsableString(id);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            return null;
        }
    }
}
