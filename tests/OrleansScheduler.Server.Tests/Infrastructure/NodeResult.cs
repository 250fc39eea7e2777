namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>What <see cref="NodeHandler"/> returns: its key, and each dependency's key as that dependency's result gave it.</summary>
public sealed record NodeResult(string Key, IReadOnlyDictionary<string, string> Seen);
