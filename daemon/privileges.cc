#include "privileges.hh"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace lnsd {
namespace {

bool parse_id(std::string_view text, unsigned long& value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

Error errno_error(const std::string& what) { return Error{what + ": " + std::strerror(errno)}; }

}  // namespace

Expected<UserIdentity, Error> resolve_user(std::string_view username) {
  UserIdentity user;
  unsigned long uid = 0;
  unsigned long gid = 0;
  if (auto dot = username.find('.');
      dot != std::string_view::npos && parse_id(username.substr(0, dot), uid) && parse_id(username.substr(dot + 1), gid)) {
    user.uid = uid_t(uid);
    user.gid = gid_t(gid);
    return user;
  }
  std::string name(username);
  errno = 0;
  if (const passwd* entry = getpwnam(name.c_str())) {
    user.name = name;
    user.uid = entry->pw_uid;
    user.gid = entry->pw_gid;
    return user;
  }
  if (parse_id(username, uid)) {
    user.uid = uid_t(uid);
    const passwd* entry = getpwuid(user.uid);
    user.gid = entry != nullptr ? entry->pw_gid : gid_t(uid);
    if (entry != nullptr) user.name = entry->pw_name;
    return user;
  }
  return unexpected(Error{"user '" + name + "' does not exist (username: names a user, a uid or uid.gid; "
                          "\"\" keeps the current user)"});
}

Expected<void, Error> drop_privileges(const UserIdentity* user, const std::string& chroot_dir) {
  if (!chroot_dir.empty()) {
    if (::chroot(chroot_dir.c_str()) != 0) return unexpected(errno_error("cannot chroot to " + chroot_dir));
    if (::chdir("/") != 0) return unexpected(errno_error("cannot change directory to / in the chroot"));
  }
  if (user == nullptr) return {};
  if (geteuid() != 0) {
    if (geteuid() == user->uid) return {};
    return unexpected(Error{"cannot become user " + (user->name.empty() ? std::to_string(user->uid) : user->name) +
                            ": not running as root"});
  }
  // Supplementary groups first: root's would otherwise stay with us.
  int groups = user->name.empty() ? ::setgroups(1, &user->gid) : ::initgroups(user->name.c_str(), user->gid);
  if (groups != 0) return unexpected(errno_error("cannot set the groups of the user"));
  if (::setresgid(user->gid, user->gid, user->gid) != 0) return unexpected(errno_error("cannot set the group"));
  if (::setresuid(user->uid, user->uid, user->uid) != 0) return unexpected(errno_error("cannot set the user"));
  // Make sure there is no way back.
  if (user->uid != 0 && ::setuid(0) == 0) return unexpected(Error{"privileges could be regained after dropping them"});
  return {};
}

std::string path_in_chroot(const std::string& path, const std::string& chroot_dir) {
  if (chroot_dir.empty() || path.empty()) return path;
  std::string root = chroot_dir;
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  if (path.compare(0, root.size(), root) != 0) return path;
  if (path.size() == root.size()) return "/";
  if (path[root.size()] != '/') return path;
  return path.substr(root.size());
}

}  // namespace lnsd
