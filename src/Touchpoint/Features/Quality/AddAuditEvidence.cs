using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Quality;

/// <summary>
/// POST /api/v1/quality/audits/{id}/evidence: photos of a draft audit (the parcel, its packing). A file is a JPEG, PNG or
/// WebP by its first bytes — the name and the declared type are not trusted — at most <see cref="MaxBytes"/>, and an
/// audit keeps at most <see cref="MaxFiles"/>. The bytes are written under the data directory
/// (<c>{DataDir}/quality/evidence</c>, like the mail pickup folder) by a name of our own; only the API serves them back.
/// </summary>
public sealed class AddAuditEvidence(TouchpointDb db, TouchpointPaths paths, TimeProvider time)
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxFiles = 10;

    public sealed record Upload(string FileName, long Length, Func<Stream> Open);

    public sealed record Accepted(string FileName, string ContentType, string Extension, byte[] Bytes);

    public string Folder => paths.Under("quality", "evidence");

    /// <summary>The content type a file's first bytes say it is, or null when it is not one of the accepted images.</summary>
    public static (string ContentType, string Extension)? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return ("image/jpeg", ".jpg");
        }
        if (head.Length >= 8 && head[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ("image/png", ".png");
        }
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return ("image/webp", ".webp");
        }
        return null;
    }

    public async Task<(IReadOnlyList<Accepted>? Files, Validation Validation)> ValidateAsync(Audit audit, IReadOnlyList<Upload> uploads, CancellationToken ct)
    {
        var v = new Validation();
        if (uploads.Count == 0)
        {
            return (null, v.Add("file", Texts.Ui("Valid.Quality.NoFile")));
        }
        var existing = await db.Set<AuditEvidence>().CountAsync(e => e.AuditId == audit.Id, ct);
        if (existing + uploads.Count > MaxFiles)
        {
            return (null, v.Add("file", Texts.Ui("Valid.Quality.TooManyFiles", MaxFiles)));
        }
        var accepted = new List<Accepted>();
        for (var i = 0; i < uploads.Count; i++)
        {
            var u = uploads[i];
            var field = uploads.Count == 1 ? "file" : $"file[{i}]";
            if (u.Length > MaxBytes)
            {
                v.Add(field, Texts.Ui("Valid.Quality.FileTooBig", MaxBytes / 1024 / 1024));
                continue;
            }
            if (u.Length == 0)
            {
                v.Add(field, Texts.Ui("Valid.Quality.NotAnImage"));
                continue;
            }
            using var buffer = new MemoryStream();
            await using (var stream = u.Open())
            {
                await stream.CopyToAsync(buffer, ct);
            }
            var bytes = buffer.ToArray();
            if (bytes.Length > MaxBytes)
            {
                v.Add(field, Texts.Ui("Valid.Quality.FileTooBig", MaxBytes / 1024 / 1024));
                continue;
            }
            if (Sniff(bytes) is not { } kind)
            {
                v.Add(field, Texts.Ui("Valid.Quality.NotAnImage"));
                continue;
            }
            var name = Path.GetFileName(u.FileName.Replace('\\', '/')).Trim();
            name = string.IsNullOrEmpty(name) ? $"photo{kind.Extension}" : name.Length > 200 ? name[..200] : name;
            accepted.Add(new Accepted(name, kind.ContentType, kind.Extension, bytes));
        }
        return v.IsValid ? (accepted, v) : (null, v);
    }

    /// <summary>
    /// How often the rows are numbered again when a concurrent upload took the same numbers: each round one upload wins,
    /// and an audit holds at most <see cref="MaxFiles"/> photos, so no more rounds than that are ever needed.
    /// </summary>
    public const int NumberAttempts = MaxFiles;

    /// <summary>
    /// Writes the files, then their rows numbered after the audit's highest; an upload at the same moment that took
    /// those numbers (the unique index) makes this one number again after it. A failed save removes the files it wrote.
    /// </summary>
    public async Task<IReadOnlyList<AuditEvidence>> ExecuteAsync(Audit audit, IReadOnlyList<Accepted> files, string actor, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var written = new List<string>();
        try
        {
            var stored = new List<string>();
            foreach (var f in files)
            {
                var name = $"{audit.Id:N}-{Guid.NewGuid():N}{f.Extension}";
                var path = Path.Combine(Folder, name);
                await File.WriteAllBytesAsync(path, f.Bytes, ct);
                written.Add(path);
                stored.Add(name);
            }
            for (var attempt = 1; ; attempt++)
            {
                var next = (await db.Set<AuditEvidence>().Where(e => e.AuditId == audit.Id).MaxAsync(e => (int?)e.Number, ct) ?? 0) + 1;
                var rows = files.Select((f, i) => AuditEvidence.Of(audit.Id, next + i, f.FileName, f.ContentType, f.Bytes.Length, stored[i], actor, now)).ToList();
                db.Set<AuditEvidence>().AddRange(rows);
                try
                {
                    await db.SaveChangesAsync(ct);
                    return rows;
                }
                catch (DbUpdateException ex) when (ex.IsUniqueViolation() && attempt < NumberAttempts)
                {
                    foreach (var row in rows)
                    {
                        db.Entry(row).State = EntityState.Detached;
                    }
                }
            }
        }
        catch
        {
            foreach (var path in written)
            {
                File.Delete(path);
            }
            throw;
        }
    }

    /// <summary>The file behind an evidence row; null when it is missing on disk.</summary>
    public string? PathOf(AuditEvidence evidence)
    {
        var path = Path.Combine(Folder, Path.GetFileName(evidence.StoredName));
        return File.Exists(path) ? path : null;
    }
}
