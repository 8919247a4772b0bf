using System.Security.Cryptography;

namespace Touchpoint.Platform.Persistence;

/// <summary>
/// UUIDv7 keys that are strictly increasing within this process (RFC 9562, method 1: a 12-bit counter in
/// rand_a), so rows written in the same millisecond still sort in the order they were made — on PostgreSQL
/// (uuid) and SQLite (upper-case text) alike. Used as the tie-breaker for histories.
/// </summary>
public static class Ids
{
    private static long _last;

    public static Guid NewId()
    {
        var candidate = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() << 12;
        long last, next;
        do
        {
            last = Interlocked.Read(ref _last);
            next = Math.Max(candidate, last + 1);
        }
        while (Interlocked.CompareExchange(ref _last, next, last) != last);

        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[8..]);
        var ms = next >> 12;
        var counter = (int)(next & 0xFFF);
        bytes[0] = (byte)(ms >> 40);
        bytes[1] = (byte)(ms >> 32);
        bytes[2] = (byte)(ms >> 24);
        bytes[3] = (byte)(ms >> 16);
        bytes[4] = (byte)(ms >> 8);
        bytes[5] = (byte)ms;
        bytes[6] = (byte)(0x70 | (counter >> 8));
        bytes[7] = (byte)counter;
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
