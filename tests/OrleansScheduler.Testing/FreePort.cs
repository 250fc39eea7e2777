using System.Net;
using System.Net.Sockets;

namespace OrleansScheduler.Testing;

/// <summary>Ports no process listens on, so that redis-servers and silos started side by side never clash (Orleans' defaults would).</summary>
public static class FreePort
{
    /// <summary><paramref name="count"/> different ports the OS just handed out for 127.0.0.1, all free again.</summary>
    public static int[] Take(int count)
    {
        // Every listener stays open until all are bound, so the OS cannot hand out one port twice.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    /// <summary>One port the OS just handed out for 127.0.0.1, free again.</summary>
    public static int Next() => Take(1)[0];
}
