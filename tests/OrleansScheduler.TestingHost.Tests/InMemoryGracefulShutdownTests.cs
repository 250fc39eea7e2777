using Xunit.Abstractions;

namespace OrleansScheduler.TestingHost.Tests;

public sealed class InMemoryGracefulShutdownTests(ITestOutputHelper output) : GracefulShutdownTests(b => b.UseInMemory(), output);
