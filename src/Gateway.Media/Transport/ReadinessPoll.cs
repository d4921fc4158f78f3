using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Gateway.Media.Transport;

/// <summary>
/// Which of a media thread's sockets have datagrams waiting, in one <c>poll(2)</c> call (POSIX.1-2008) per
/// tick instead of one FIONREAD ioctl per socket (<see cref="Socket.Available"/>): measured, those per-socket
/// system calls were the largest single item of the media thread's time with hundreds of streams. The
/// <c>pollfd</c> array is rebuilt only when the participants change. Where poll is unavailable, or fails,
/// <see cref="Refresh"/> returns false and the caller asks every socket.
/// </summary>
internal sealed partial class ReadinessPoll
{
    private const short PollIn = 0x001;
    private static readonly bool Supported = OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD();
    private long _for = -1;
    private PollFd[] _fds = [];

    /// <summary>
    /// Polls the sockets of <paramref name="participants"/> without waiting; false when the answer is unknown.
    /// <paramref name="version"/> changes whenever the participants do (the descriptors are then gathered again).
    /// </summary>
    public bool Refresh(ReadOnlySpan<IMediaParticipant> participants, long version)
    {
        if (!Supported)
        {
            return false;
        }

        if (version != _for)
        {
            if (_fds.Length < participants.Length)
            {
                _fds = new PollFd[Math.Max(participants.Length, _fds.Length * 2)];
            }

            for (int i = 0; i < participants.Length; i++)
            {
                // A participant whose socket is already gone gets fd −1, which poll ignores.
                _fds[i] = new PollFd { Fd = participants[i].IsClosed ? -1 : (int)participants[i].Socket.SafeHandle.DangerousGetHandle(), Events = PollIn };
            }

            _for = version;
        }

        try
        {
            return poll(_fds, (nuint)participants.Length, 0) >= 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Whether participant <paramref name="index"/>'s socket had data (or an error to collect) at the last poll.</summary>
    public bool MayRead(int index) => _fds[index].Revents != 0;

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int poll([In, Out] PollFd[] fds, nuint count, int timeout);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
