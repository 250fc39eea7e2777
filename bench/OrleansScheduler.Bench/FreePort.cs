using System.Net;
using System.Net.Sockets;

namespace OrleansScheduler.Bench;

/// <summary>Ports nothing listens on, for the Orleans endpoints of the silos this harness hosts (Orleans' defaults would clash between them).</summary>
public static class FreePort
{
    /// <summary>A port on 127.0.0.1 the system just handed out as free.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
