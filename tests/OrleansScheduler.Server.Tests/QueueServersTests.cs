namespace OrleansScheduler.Server.Tests;

/// <summary>A queue's wake-up goes to the silos that serve it, once each silo's worker has said what it serves.</summary>
public sealed class QueueServersTests
{
    [Fact]
    public void a_silo_is_woken_until_its_worker_says_it_does_not_serve_the_queue()
    {
        var servers = new QueueServers("images");

        var first = servers.Select(["a", "b"]);
        Assert.Equal(["a", "b"], first.Wake);
        Assert.Equal(["a", "b"], first.Learn);

        servers.Learnt("a", ["default", "images"]);
        servers.Learnt("b", ["default"]);
        var then = servers.Select(["a", "b"]);
        Assert.Equal(["a"], then.Wake);
        Assert.Empty(then.Learn);
    }

    [Fact]
    public void a_silo_that_left_is_forgotten_and_a_new_one_is_woken_and_asked()
    {
        var servers = new QueueServers("images");
        servers.Select(["a"]);
        servers.Learnt("a", ["default"]);

        var later = servers.Select(["c"]);
        Assert.Equal(["c"], later.Wake);
        Assert.Equal(["c"], later.Learn);
        // What "a" served was forgotten with it: listed again, it is asked again ("c" is being asked already).
        Assert.Equal(["a"], servers.Select(["a", "c"]).Learn);
    }

    [Fact]
    public void a_silo_whose_answer_never_came_is_asked_again()
    {
        var servers = new QueueServers("images");
        servers.Select(["a"]);
        servers.Forget("a");

        var again = servers.Select(["a"]);
        Assert.Equal(["a"], again.Wake);
        Assert.Equal(["a"], again.Learn);
    }
}
