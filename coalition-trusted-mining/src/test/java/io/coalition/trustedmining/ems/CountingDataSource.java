package io.coalition.trustedmining.ems;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Logger;

/** A DataSource on a JDBC URL that records every SQL statement executed through its connections. */
final class CountingDataSource implements DataSource {
    private final String url;
    private final List<String> statements = Collections.synchronizedList(new ArrayList<>());

    CountingDataSource(String url) {
        this.url = url;
    }

    /** The statements executed so far (SQL text, in order). */
    List<String> statements() {
        return List.copyOf(statements);
    }

    int count() {
        return statements.size();
    }

    void reset() {
        statements.clear();
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = DriverManager.getConnection(url);
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(c, method, args);
                    if (result instanceof Statement st && method.getName().matches("prepareStatement|prepareCall|createStatement")) {
                        String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
                        return wrap(st, sql);
                    }
                    return result;
                });
    }

    private Object wrap(Statement st, String prepared) {
        Class<?>[] types = st.getClass().getInterfaces().length == 0 ? new Class<?>[]{Statement.class} : allInterfaces(st);
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().startsWith("execute")) {
                statements.add(args != null && args.length > 0 && args[0] instanceof String s ? s : prepared);
            }
            return invoke(st, method, args);
        };
        return Proxy.newProxyInstance(getClass().getClassLoader(), types, h);
    }

    private static Class<?>[] allInterfaces(Object o) {
        List<Class<?>> all = new ArrayList<>();
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) if (i.isInterface() && i.getName().startsWith("java.sql.") && !all.contains(i)) all.add(i);
        }
        return all.toArray(Class<?>[]::new);
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public Connection getConnection(String username, String password) {
        throw new UnsupportedOperationException("credentials come with the URL");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
